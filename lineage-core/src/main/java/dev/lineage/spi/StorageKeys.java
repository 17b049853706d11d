package dev.lineage.spi;

import dev.lineage.InvalidInputException;

/**
 * The rules for object keys, shared by every backend so that a store can move between them.
 *
 * <p>A key is 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._=-]} in segments separated by single
 * {@code /}; no segment is empty, {@code .} or {@code ..}, and no segment starts with {@code .tmp} (reserved
 * for backends' temporary files). These keys are safe as file names and as S3 keys without any escaping.
 *
 * @since 0.1.0
 */
public final class StorageKeys {
  /** The most characters a key may have. */
  public static final int MAX_LENGTH = 512;

  private StorageKeys() {}

  /** Returns {@code key} if it is valid, else throws {@link InvalidInputException} naming the rule. */
  public static String check(String key) {
    String rule = violation(key, false);
    if (rule != null) {
      throw new InvalidInputException("key", rule);
    }
    return key;
  }

  /** Like {@link #check} for a listing prefix, which may be empty or end with {@code /}. */
  public static String checkPrefix(String prefix) {
    String rule = violation(prefix, true);
    if (rule != null) {
      throw new InvalidInputException("prefix", rule);
    }
    return prefix;
  }

  private static String violation(String key, boolean prefix) {
    if (key == null) {
      return "must not be null";
    }
    if (key.isEmpty()) {
      return prefix ? null : "must not be empty";
    }
    if (key.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters, was " + key.length();
    }
    String body = prefix && key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '=' || c == '-' || c == '/';
      if (!ok) {
        return "may contain only [A-Za-z0-9._=-] and '/', found " + describe(c) + " at index " + i;
      }
    }
    for (String segment : body.split("/", -1)) {
      if (segment.isEmpty()) {
        return "must not have empty segments (leading, trailing or double '/'): " + key;
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "must not have '.' or '..' segments: " + key;
      }
      if (segment.startsWith(".tmp")) {
        return "segments starting with '.tmp' are reserved for backends: " + key;
      }
    }
    return null;
  }

  private static String describe(char c) {
    return Character.isISOControl(c) || Character.isWhitespace(c)
        ? String.format("U+%04X", (int) c)
        : "'" + c + "'";
  }
}
