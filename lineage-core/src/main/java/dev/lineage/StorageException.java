package dev.lineage;

/**
 * A storage operation failed for a reason other than bad input, a lost race or an unknown outcome.
 *
 * @since 0.1.0
 */
public class StorageException extends LineageException {
  /** A storage failure described by {@code message}. */
  public StorageException(String message) {
    super(message);
  }

  /** A storage failure described by {@code message}, caused by {@code cause}. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
