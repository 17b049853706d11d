package dev.lineage.internal.store;

import dev.lineage.Digest;
import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A blob's content as it is read, hashed on the way. A read that fails, or ends before the blob's length, is
 * resumed from the same offset on a fresh stream (a blob never changes, and the digest at the end covers every
 * byte), up to {@value #RESUMES} times. At the end, a mismatch is thrown as the typed exception
 * {@link BlobObjects#mismatch} decides. Every exception is unchecked, like every exception Lineage throws.
 */
final class BlobInputStream extends InputStream {
  static final int RESUMES = 3;
  private final Digest expected;
  private final long expectedSize;
  private final BlobObjects blobs;
  private final Supplier<Optional<InputStream>> reopen;
  private final MessageDigest md = Sha256.newDigest();
  private InputStream in;
  private long read;
  private int resumes;
  private boolean verified;

  BlobInputStream(InputStream in, Digest expected, long expectedSize, BlobObjects blobs,
      Supplier<Optional<InputStream>> reopen) {
    this.in = in;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.blobs = blobs;
    this.reopen = reopen;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        resume(e);
        continue;
      }
      if (n > 0) {
        md.update(b, off, n);
        read += n;
        return n;
      }
      if (n < 0 && read < expectedSize && resumes < RESUMES) {
        resume(null); // ended short: a dropped connection, or a read cut off
        continue;
      }
      if (n < 0 && !verified) {
        verified = true;
        Digest actual = Sha256.toDigest(md.digest());
        if (read != expectedSize || !actual.equals(expected)) {
          throw blobs.mismatch(expected, expectedSize, actual, read);
        }
      }
      return n;
    }
  }

  /** Opens the blob again and skips what was already read. */
  private void resume(IOException cause) {
    if (resumes++ >= RESUMES) {
      throw new StorageException("reading blob " + expected + " failed after " + read + " bytes and " + RESUMES
          + " resumed reads: " + (cause == null ? "it kept ending early" : cause.getMessage()), cause);
    }
    closeQuietly();
    try {
      in = reopen.get().orElseThrow(() -> new StorageException("blob " + expected + " vanished while being read"));
      for (long skipped = 0; skipped < read; ) {
        long n = in.skip(read - skipped);
        if (n <= 0) {
          if (in.read() < 0) {
            throw new IOException("the blob is shorter than the " + read + " bytes already read");
          }
          n = 1;
        }
        skipped += n;
      }
    } catch (IOException e) {
      throw new StorageException("cannot resume reading blob " + expected + " at byte " + read + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public long skip(long n) {
    throw new StorageException("skip is not supported on a verified blob stream");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      // the stream is being replaced
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new StorageException("closing blob " + expected + " failed: " + e.getMessage(), e);
    }
  }
}
