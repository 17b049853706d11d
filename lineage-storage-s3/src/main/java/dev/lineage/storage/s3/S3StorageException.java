package dev.lineage.storage.s3;

import dev.lineage.StorageException;

/**
 * S3 answered with an error: its HTTP status, S3 error code and request id, for support tickets and logs.
 *
 * @since 0.1.0
 */
public final class S3StorageException extends StorageException {
  private final int status;
  private final String code;
  private final String requestId;

  /**
   * {@code operation} failed with HTTP {@code status}, S3's error {@code code} and {@code requestId} (each may be
   * null).
   */
  public S3StorageException(String operation, int status, String code, String requestId) {
    super(operation + " failed: HTTP " + status + (code == null ? "" : " " + code)
        + (requestId == null ? "" : " (request id " + requestId + ")"));
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }

  /** The HTTP status S3 answered. */
  public int status() {
    return status;
  }

  /** S3's error code, such as {@code AccessDenied} or {@code SlowDown}; null if the body had none. */
  public String code() {
    return code;
  }

  /** S3's id of the failed request, for AWS support; null if the answer had none. */
  public String requestId() {
    return requestId;
  }
}
