package dev.lineage.internal;

import java.security.SecureRandom;

/**
 * Generates ULIDs: 48 bits of epoch milliseconds then 80 random bits, in Crockford base32, so that ids sort by
 * creation time. Within one process, ids created in the same millisecond still sort in creation order.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final String ALPHABET_INDEX = new String(ALPHABET);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis;
  private static long lastHigh;
  private static long lastLow;

  private Ulid() {}

  /** The epoch milliseconds encoded in a ULID's first ten characters. */
  public static long timeOf(String ulid) {
    long t = 0;
    for (int i = 0; i < 10; i++) {
      t = (t << 5) | ALPHABET_INDEX.indexOf(ulid.charAt(i));
    }
    return t;
  }

  /** True if {@code s} is 26 characters of the ULID alphabet. */
  public static boolean isValid(String s) {
    if (s == null || s.length() != 26) {
      return false;
    }
    for (int i = 0; i < 26; i++) {
      if (ALPHABET_INDEX.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The smallest ULID of a millisecond: every id made at or after it sorts after this one. */
  public static String floor(long epochMillis) {
    char[] out = new char[26];
    java.util.Arrays.fill(out, '0');
    long time = Math.max(0, epochMillis);
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    return new String(out);
  }

  public static synchronized String next(long epochMillis) {
    long high;
    long low;
    if (epochMillis <= lastMillis) {
      // Same (or earlier, if the clock stepped back) millisecond: increment the random part to keep order.
      epochMillis = lastMillis;
      low = lastLow + 1;
      high = lastHigh + (low == 0 ? 1 : 0);
    } else {
      high = RANDOM.nextInt() & 0xFFFFL;
      low = RANDOM.nextLong();
    }
    lastMillis = epochMillis;
    lastHigh = high;
    lastLow = low;
    char[] out = new char[26];
    long time = epochMillis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits: 16 in high, 64 in low, written as 16 characters of 5 bits.
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(out);
  }
}
