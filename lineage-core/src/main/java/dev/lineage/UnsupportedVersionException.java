package dev.lineage;

/**
 * A stored object was written in a format version this Lineage does not read (a newer writer wrote it).
 * Nothing is guessed: upgrade Lineage to read it. The object itself is untouched.
 *
 * @since 0.1.0
 */
public final class UnsupportedVersionException extends StorageException {
  private final String key;
  private final String format;
  private final int version;

  /** The object at {@code key} is {@code format} version {@code version}; this Lineage reads {@code supported}. */
  public UnsupportedVersionException(String key, String format, int version, String supported) {
    super("object " + key + " has format " + format + " version " + version + "; this Lineage reads " + supported);
    this.key = key;
    this.format = format;
    this.version = version;
  }

  /** The key of the object. */
  public String key() {
    return key;
  }

  /** The object's format name. */
  public String format() {
    return format;
  }

  /** The format version the object was written in. */
  public int version() {
    return version;
  }
}
