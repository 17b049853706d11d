package dev.lineage.spi;

/**
 * Outcome of {@link StorageBackend#putIfAbsent}.
 *
 * @since 0.1.0
 */
public enum PutResult {
  /** This call created the object. */
  CREATED,
  /** An object already existed under the key; it was left untouched and this call's content was discarded. */
  ALREADY_EXISTS
}
