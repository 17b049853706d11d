package dev.lineage;

/**
 * A storage operation failed for a reason other than bad input, a lost race or an unknown outcome.
 *
 * @since 0.1.0
 */
public class StorageException extends LineageException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
