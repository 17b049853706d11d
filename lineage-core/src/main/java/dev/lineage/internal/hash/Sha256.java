package dev.lineage.internal.hash;

import dev.lineage.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over streams and files, read in large blocks and never held in the heap whole. */
public final class Sha256 {
  static final int BUFFER_BYTES = 1 << 20;
  private static final int FILE_BUFFER_BYTES = 256 << 10;

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static Digest of(byte[] bytes) {
    return toDigest(newDigest().digest(bytes));
  }

  public static Digest of(Path file) throws IOException {
    return hash(file).digest();
  }

  public static Digest of(InputStream in) throws IOException {
    return hash(in).digest();
  }

  /** A SHA-256 and the number of bytes it covers. */
  public record Hashed(Digest digest, long bytes) {}

  /**
   * A file's SHA-256, read through its channel into native memory that the digest reads in cache-sized pieces:
   * no copy through a heap buffer, 10-20% faster than a stream on one thread (docs/benchmarks.md, "Verify
   * figures").
   */
  public static Hashed hash(Path file) throws IOException {
    MessageDigest md = newDigest();
    long total = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(channel.size() + 1, FILE_BUFFER_BYTES));
      while (channel.read(buffer.clear()) > 0) {
        total += buffer.flip().remaining();
        md.update(buffer);
      }
    }
    return new Hashed(toDigest(md.digest()), total);
  }

  public static Hashed hash(InputStream in) throws IOException {
    MessageDigest md = newDigest();
    byte[] buffer = new byte[BUFFER_BYTES];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      md.update(buffer, 0, n);
      total += n;
    }
    return new Hashed(toDigest(md.digest()), total);
  }

  public static Digest toDigest(byte[] sha256) {
    return new Digest(HexFormat.of().formatHex(sha256));
  }
}
