package dev.lineage.storage.s3;

import dev.lineage.InvalidInputException;
import java.util.Optional;

/**
 * AWS credentials. {@link #toString()} never shows the secret or the session token, and neither do Lineage's
 * logs or exception messages.
 *
 * @since 0.1.0
 */
public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
  public Credentials {
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new InvalidInputException("accessKeyId", "must not be blank");
    }
    if (secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new InvalidInputException("secretAccessKey", "must not be blank");
    }
    if (sessionToken == null) {
      throw new InvalidInputException("sessionToken", "must not be null (use Optional.empty())");
    }
  }

  /** Long-term credentials: an access key id and its secret, no session token. */
  public static Credentials of(String accessKeyId, String secretAccessKey) {
    return new Credentials(accessKeyId, secretAccessKey, Optional.empty());
  }

  @Override
  public String toString() {
    return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
        + (sessionToken.isPresent() ? ", sessionToken=****" : "") + "]";
  }
}
