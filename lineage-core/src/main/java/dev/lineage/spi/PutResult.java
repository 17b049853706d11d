package dev.lineage.spi;

/** Outcome of {@link StorageBackend#putIfAbsent}. */
public enum PutResult {
  /** This call created the object. */
  CREATED,
  /** An object already existed under the key; it was left untouched and this call's content was discarded. */
  ALREADY_EXISTS
}
