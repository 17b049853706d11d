package dev.lineage;

/**
 * A run, artifact or object that the call names does not exist in the store.
 *
 * @since 0.1.0
 */
public final class NotFoundException extends LineageException {
  /** Nothing by the name {@code message} gives. */
  public NotFoundException(String message) {
    super(message);
  }
}
