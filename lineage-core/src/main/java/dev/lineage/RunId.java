package dev.lineage;

import java.io.Serializable;

/**
 * A run's identity: 26 characters of Crockford base32 (a ULID), unique across processes and machines, whose
 * string order is the order of the runs' start times (to the millisecond).
 *
 * @since 0.1.0
 */
public record RunId(String value) implements Comparable<RunId>, Serializable {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  public RunId {
    if (value == null || value.length() != 26) {
      throw new InvalidInputException("run id", "must be 26 characters of Crockford base32, was " + quote(value));
    }
    for (int i = 0; i < value.length(); i++) {
      if (ALPHABET.indexOf(value.charAt(i)) < 0) {
        throw new InvalidInputException("run id", "must be 26 characters of Crockford base32, was " + quote(value));
      }
    }
  }

  /** Parses a run id as printed by {@link #toString()}. */
  public static RunId of(String value) {
    return new RunId(value);
  }

  @Override
  public int compareTo(RunId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
