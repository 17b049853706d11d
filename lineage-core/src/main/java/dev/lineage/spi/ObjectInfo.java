package dev.lineage.spi;

import dev.lineage.InvalidInputException;

/** A stored object's key and size in bytes. */
public record ObjectInfo(String key, long size) {
  public ObjectInfo {
    StorageKeys.check(key);
    if (size < 0) {
      throw new InvalidInputException("size", "must be >= 0, was " + size);
    }
  }
}
