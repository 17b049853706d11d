package dev.lineage;

import java.util.Optional;

/**
 * Something wrong with one stored object, found while reading or verifying a store: the key, the run it belongs
 * to (if any), what kind of problem it is and a message. Queries report these instead of failing for every run.
 *
 * @since 0.1.0
 */
public record StoreProblem(String key, Optional<RunId> run, Kind kind, String message) {
  /** What is wrong. */
  public enum Kind {
    /** The object does not match its checksum or digest, is truncated, or does not parse. */
    CORRUPT,
    /** The object is written in a format version this Lineage does not read. */
    UNSUPPORTED_VERSION,
    /** An object another names (a metric segment, a blob, a run) does not exist. */
    DANGLING,
    /** An object in the store's key space that Lineage did not write. */
    STRAY
  }

  public StoreProblem {
    if (key == null || run == null || kind == null || message == null) {
      throw new InvalidInputException("store problem", "key, run, kind and message must not be null");
    }
  }

  /** The problem an exception from reading {@code key} describes. */
  public static StoreProblem of(String key, Optional<RunId> run, StorageException e) {
    String k = e instanceof CorruptObjectException c ? c.key() : e instanceof UnsupportedVersionException u ? u.key() : key;
    Kind kind = e instanceof UnsupportedVersionException ? Kind.UNSUPPORTED_VERSION : Kind.CORRUPT;
    return new StoreProblem(k, run, kind, e.getMessage());
  }
}
