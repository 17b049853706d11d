package dev.lineage.internal.store;

import dev.lineage.Digest;
import dev.lineage.internal.hash.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through and, at end of stream, fails with an {@link IOException} unless they had the expected
 * digest and length. Used both when storing (a file changed after it was hashed must not be published under
 * the old digest) and when reading back (a corrupt blob must not be restored).
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedLength;
  private final String what;
  private final MessageDigest md = Sha256.newDigest();
  private long length;
  private boolean verified;

  public VerifyingInputStream(InputStream in, Digest expected, long expectedLength, String what) {
    super(in);
    this.expected = expected;
    this.expectedLength = expectedLength;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      md.update(b, off, n);
      length += n;
    } else if (n < 0) {
      verify();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported on a verified stream");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    verified = true;
    Digest actual = Sha256.toDigest(md.digest());
    if (length != expectedLength || !actual.equals(expected)) {
      throw new ContentMismatchException(what + ": expected " + expected + " (" + expectedLength + " bytes) but read "
          + actual + " (" + length + " bytes)");
    }
  }

  /** The content did not match its digest. */
  public static final class ContentMismatchException extends IOException {
    ContentMismatchException(String message) {
      super(message);
    }
  }
}
