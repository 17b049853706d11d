package dev.lineage;

/**
 * The store refused a write, so it did not land: no permission, a read-only file system, no space left. Unlike an
 * {@link UnknownOutcomeException} there is nothing to find out and nothing to clean up, and unlike a passing
 * {@link StorageException} retrying will not help until the cause is fixed. Nothing already recorded is lost.
 *
 * @since 0.1.0
 */
public final class WriteRefusedException extends StorageException {
  /** A write the store refused (it did not land), described by {@code message}, after {@code cause}. */
  public WriteRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
