package dev.lineage;

/**
 * Base of every exception Lineage throws. All are unchecked; none is ever swallowed by the library.
 *
 * <p>Callers distinguish three outcomes by subtype: {@link InvalidInputException} (fix the call),
 * {@link ConflictException} (someone else won a race: refresh and retry) and {@link UnknownOutcomeException}
 * (the write may or may not have landed: never blindly retry or clean up). Everything else is a
 * {@link StorageException}.
 *
 * @since 0.1.0
 */
public class LineageException extends RuntimeException {
  /** An error described by {@code message}. */
  public LineageException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public LineageException(String message, Throwable cause) {
    super(message, cause);
  }
}
