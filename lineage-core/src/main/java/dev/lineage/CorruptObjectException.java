package dev.lineage;

/**
 * A stored object cannot be trusted: its checksum or digest does not match its content, it is truncated or does
 * not parse, or an object another one names is missing. The damage is confined to what the object belongs to
 * (one run, one registry entry, one cache entry): queries skip it, report it, and keep answering for the rest.
 * Lineage never deletes the object; {@code lineage.maintenance().verify()} lists every such object.
 *
 * @since 0.1.0
 */
public final class CorruptObjectException extends StorageException {
  private final String key;

  /** The object at {@code key} is corrupt for {@code reason} (its checksum, its format, a broken link). */
  public CorruptObjectException(String key, String reason) {
    super("object " + key + " is corrupt: " + reason);
    this.key = key;
  }

  /** As {@link #CorruptObjectException(String, String)}, found through {@code cause} (a parse error). */
  public CorruptObjectException(String key, String reason, Throwable cause) {
    super("object " + key + " is corrupt: " + reason, cause);
    this.key = key;
  }

  /** The store key of the damaged object. */
  public String key() {
    return key;
  }
}
