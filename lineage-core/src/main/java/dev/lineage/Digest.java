package dev.lineage;

import java.util.regex.Pattern;

/** A SHA-256 content digest, printed as {@code sha256:<64 lower-case hex digits>}. */
public record Digest(String hex) implements Comparable<Digest> {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public Digest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new InvalidInputException("digest", "must be 64 lower-case hex digits of SHA-256, was " + hex);
    }
  }

  /** Parses {@code sha256:<hex>} or a bare hex string. */
  public static Digest parse(String text) {
    if (text == null) {
      throw new InvalidInputException("digest", "must not be null");
    }
    return new Digest(text.startsWith("sha256:") ? text.substring(7) : text);
  }

  @Override
  public int compareTo(Digest o) {
    return hex.compareTo(o.hex);
  }

  @Override
  public String toString() {
    return "sha256:" + hex;
  }
}
