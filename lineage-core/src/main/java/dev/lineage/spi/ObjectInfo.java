package dev.lineage.spi;

import dev.lineage.InvalidInputException;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored object's key, size in bytes and, where the backend knows it, when it was stored. Garbage collection
 * never deletes an object whose time is unknown or within its grace period.
 *
 * @since 0.1.0
 */
public record ObjectInfo(String key, long size, Optional<Instant> lastModified) {
  public ObjectInfo {
    StorageKeys.check(key);
    if (size < 0) {
      throw new InvalidInputException("size", "must be >= 0, was " + size);
    }
    if (lastModified == null) {
      throw new InvalidInputException("lastModified", "must not be null (use empty)");
    }
  }

  /** An object whose store time is not known. */
  public ObjectInfo(String key, long size) {
    this(key, size, Optional.empty());
  }
}
