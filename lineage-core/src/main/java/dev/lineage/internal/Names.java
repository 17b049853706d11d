package dev.lineage.internal;

import dev.lineage.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * Validation of user-supplied names (param, metric and tag keys, run and artifact names) and text values.
 * Not public API.
 */
public final class Names {
  /** Longest name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 250;

  /** The prefix of the metric keys Lineage's own sampler writes; a user's key may not start with it. */
  public static final String RESERVED_PREFIX = "lineage.";

  private Names() {}

  /** True for a metric key of Lineage's own ({@code lineage.sys.*}, {@code lineage.gpu.*}). */
  public static boolean isReserved(String key) {
    return key.startsWith(RESERVED_PREFIX);
  }

  /**
   * A name is 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes of well-formed Unicode with no control characters and
   * no {@code ..} segment between {@code /} separators (names become parts of paths when artifacts are
   * restored and when stores are exported).
   */
  public static String checkName(String field, String name) {
    if (name == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    if (name.isEmpty()) {
      throw new InvalidInputException(field, "must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new InvalidInputException(field, String.format("must not contain control characters, found U+%04X at index %d", (int) c, i));
      }
    }
    checkWellFormed(field, name);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new InvalidInputException(field, "must be at most " + MAX_NAME_BYTES + " UTF-8 bytes, was " + bytes);
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        throw new InvalidInputException(field, "must not contain a '..' path segment: '" + name + "'");
      }
    }
    return name;
  }

  /** Text values (string params, tag values) may hold any well-formed Unicode up to {@code maxBytes}. */
  public static String checkText(String field, String text, int maxBytes) {
    if (text == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    checkWellFormed(field, text);
    if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new InvalidInputException(field, "must be at most " + maxBytes + " UTF-8 bytes");
    }
    return text;
  }

  private static void checkWellFormed(String field, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new InvalidInputException(field, "must be well-formed Unicode: unpaired surrogate at index " + i);
      }
      if (Character.isLowSurrogate(c)) {
        throw new InvalidInputException(field, "must be well-formed Unicode: unpaired surrogate at index " + i);
      }
    }
  }
}
