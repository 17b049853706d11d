package dev.lineage;

/** A run, artifact or object that the call names does not exist in the store. */
public final class NotFoundException extends LineageException {
  public NotFoundException(String message) {
    super(message);
  }
}
