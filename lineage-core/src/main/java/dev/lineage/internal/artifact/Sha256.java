package dev.lineage.internal.artifact;

import dev.lineage.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over streams and files, read in large blocks and never held in the heap whole. */
public final class Sha256 {
  static final int BUFFER_BYTES = 1 << 20;

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
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  public static Digest of(InputStream in) throws IOException {
    MessageDigest md = newDigest();
    byte[] buffer = new byte[BUFFER_BYTES];
    for (int n; (n = in.read(buffer)) > 0; ) {
      md.update(buffer, 0, n);
    }
    return toDigest(md.digest());
  }

  public static Digest toDigest(byte[] sha256) {
    return new Digest(HexFormat.of().formatHex(sha256));
  }
}
