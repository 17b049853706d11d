package dev.lineage.spi;

import dev.lineage.Digest;

/**
 * Outcome of {@link StorageBackend#putContent}: the content's SHA-256, computed while it was stored, and whether
 * this call created the object under the key named from it.
 *
 * @since 0.1.0
 */
public record ContentPut(Digest digest, PutResult result) {
  public ContentPut {
    if (digest == null || result == null) {
      throw new dev.lineage.InvalidInputException(digest == null ? "digest" : "result", "must not be null");
    }
  }
}
