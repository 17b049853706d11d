package dev.lineage;

/**
 * Another writer won a race for the same object. Refresh what you read and retry if it still applies.
 *
 * @since 0.1.0
 */
public final class ConflictException extends LineageException {
  /** A conflict described by {@code message}. */
  public ConflictException(String message) {
    super(message);
  }

  /** A conflict described by {@code message}, found through {@code cause}. */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
