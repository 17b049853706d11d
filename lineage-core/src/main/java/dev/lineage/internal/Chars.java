package dev.lineage.internal;

/**
 * Character-class checks for the store's keys and documents, which read paths run for every object: a loop over
 * the characters, not a regular expression compiled on each call.
 */
public final class Chars {
  private Chars() {}

  /** True if {@code s} is exactly {@code length} lowercase hexadecimal digits. */
  public static boolean isLowerHex(String s, int length) {
    return s.length() == length && all(s, 0, length, true);
  }

  /** True if {@code s} is exactly {@code length} decimal digits. */
  public static boolean isDigits(String s, int length) {
    return s.length() == length && all(s, 0, length, false);
  }

  /** True if {@code s[from, to)} are all decimal digits, or all lowercase hexadecimal digits if {@code hex}. */
  public static boolean all(String s, int from, int to, boolean hex) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(hex && c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
