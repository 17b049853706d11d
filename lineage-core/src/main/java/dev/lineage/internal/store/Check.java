package dev.lineage.internal.store;

import dev.lineage.internal.Chars;
import dev.lineage.internal.Locations;
import dev.lineage.internal.Ulid;

/**
 * Field checks for documents as they are decoded: a document that breaks one is corrupt (the decoder turns the
 * {@link IllegalArgumentException} into a {@link dev.lineage.CorruptObjectException} naming the key).
 */
final class Check {
  private Check() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return value;
  }

  static String ulid(String value, String field) {
    if (!Ulid.isValid(present(value, field))) {
      throw new IllegalArgumentException(field + " is not a ULID: " + value);
    }
    return value;
  }

  static String optionalUlid(String value, String field) {
    return value == null ? null : ulid(value, field);
  }

  static String digest(String value, String field) {
    if (!(present(value, field).length() == 71 && value.startsWith("sha256:") && Chars.all(value, 7, 71, true))) {
      throw new IllegalArgumentException(field + " is not a sha256 digest: " + value);
    }
    return value;
  }

  static String optionalDigest(String value, String field) {
    return value == null ? null : digest(value, field);
  }

  /** An artifact's location, where one is recorded: an absolute URI keeping {@code Locations}' rules. */
  static String optionalLocation(String value) {
    if (value != null) {
      Locations.parse(value);
    }
    return value;
  }

  static String hex(String value, String field) {
    if (!Chars.isLowerHex(present(value, field), 64)) {
      throw new IllegalArgumentException(field + " is not 64 hex digits: " + value);
    }
    return value;
  }
}
