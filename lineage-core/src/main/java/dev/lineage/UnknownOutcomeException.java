package dev.lineage;

/**
 * A write may or may not have landed (for example the connection dropped after the body was sent).
 * Do not blindly retry it and do not clean up after it: read the object back to find out.
 *
 * @since 0.1.0
 */
public final class UnknownOutcomeException extends LineageException {
  /** A write whose outcome is unknown, described by {@code message}, after {@code cause}. */
  public UnknownOutcomeException(String message, Throwable cause) {
    super(message, cause);
  }
}
