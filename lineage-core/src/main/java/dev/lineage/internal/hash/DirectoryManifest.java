package dev.lineage.internal.hash;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical manifest of a directory artifact (format {@value #HEADER}). Its SHA-256 is the directory's
 * digest, so it must encode every tree in exactly one way and no two trees alike:
 *
 * <pre>
 * lineage-manifest/1\n
 * then per file, sorted by the UTF-8 bytes of its path:
 * {path byte length}:{path} {size} {sha256 hex}\n
 * </pre>
 *
 * Paths are relative, '/'-separated UTF-8; the length prefix means no path content (spaces, newlines) can be
 * mistaken for a delimiter.
 */
public record DirectoryManifest(List<Entry> entries) {
  public static final String HEADER = "lineage-manifest/1";

  /** One regular file of the tree. */
  public record Entry(String path, long size, Digest digest) {
    public Entry {
      checkRelativePath(path);
      if (size < 0) {
        throw new InvalidInputException("manifest size", "must be >= 0 for " + path);
      }
    }
  }

  private static final Comparator<Entry> ORDER = (a, b) -> compareUtf8(a.path, b.path);

  public DirectoryManifest {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(ORDER);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).path.equals(sorted.get(i - 1).path)) {
        throw new InvalidInputException("manifest path", "duplicate path " + sorted.get(i).path);
      }
    }
    entries = List.copyOf(sorted);
  }

  public long totalSize() {
    return entries.stream().mapToLong(Entry::size).sum();
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
    for (Entry e : entries) {
      byte[] path = e.path.getBytes(StandardCharsets.UTF_8);
      out.writeBytes((path.length + ":").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(path);
      out.writeBytes((" " + e.size + " " + e.digest.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  /** Decodes and validates; rejects anything {@link #encode()} would not have written. */
  public static DirectoryManifest decode(byte[] bytes) {
    Cursor c = new Cursor(bytes);
    c.expect(HEADER + "\n");
    List<Entry> entries = new ArrayList<>();
    while (!c.atEnd()) {
      int pathLength = (int) c.number(':', 4096);
      String path = c.utf8(pathLength);
      c.expect(" ");
      long size = c.number(' ', Long.MAX_VALUE);
      String hex = c.ascii(64);
      c.expect("\n");
      entries.add(new Entry(path, size, new Digest(hex)));
    }
    DirectoryManifest manifest = new DirectoryManifest(entries);
    if (!java.util.Arrays.equals(manifest.encode(), bytes)) {
      throw new InvalidInputException("manifest", "is not in canonical form (order or number format)");
    }
    return manifest;
  }

  /**
   * A manifest path is non-empty, relative, '/'-separated, with no empty, '.' or '..' segment, no NUL, no
   * backslash and no leading drive letter ("C:"): so it can never name a file outside the directory it is
   * restored into, on any platform.
   */
  public static String checkRelativePath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException("manifest path", "must not be empty");
    }
    if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
      throw new InvalidInputException("manifest path", "must not contain NUL or backslash: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidInputException("manifest path",
            "must be relative with no empty, '.' or '..' segment: " + path);
      }
    }
    if (path.length() > 1 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0)) && path.charAt(0) < 128) {
      throw new InvalidInputException("manifest path", "must not start with a drive letter: " + path);
    }
    return path;
  }

  static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Cursor {
    private final byte[] bytes;
    private int pos;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean atEnd() {
      return pos == bytes.length;
    }

    void expect(String s) {
      byte[] want = s.getBytes(StandardCharsets.US_ASCII);
      if (pos + want.length > bytes.length
          || !java.util.Arrays.equals(bytes, pos, pos + want.length, want, 0, want.length)) {
        throw fail("expected '" + s.replace("\n", "\\n") + "'");
      }
      pos += want.length;
    }

    long number(char terminator, long max) {
      int start = pos;
      long value = 0;
      while (pos < bytes.length && bytes[pos] >= '0' && bytes[pos] <= '9') {
        if (value > (max - (bytes[pos] - '0')) / 10) {
          throw fail("number too large");
        }
        value = value * 10 + (bytes[pos++] - '0');
      }
      if (pos == start || pos >= bytes.length || bytes[pos] != terminator) {
        throw fail("expected a number followed by '" + terminator + "'");
      }
      pos++;
      return value;
    }

    String utf8(int length) {
      if (pos + length > bytes.length) {
        throw fail("truncated path");
      }
      var decoder = StandardCharsets.UTF_8.newDecoder();
      try {
        String s = decoder.decode(java.nio.ByteBuffer.wrap(bytes, pos, length)).toString();
        pos += length;
        return s;
      } catch (java.nio.charset.CharacterCodingException e) {
        throw fail("path is not valid UTF-8");
      }
    }

    String ascii(int length) {
      if (pos + length > bytes.length) {
        throw fail("truncated digest");
      }
      String s = new String(bytes, pos, length, StandardCharsets.US_ASCII);
      pos += length;
      return s;
    }

    InvalidInputException fail(String what) {
      return new InvalidInputException("manifest", what + " at byte " + pos);
    }
  }
}
