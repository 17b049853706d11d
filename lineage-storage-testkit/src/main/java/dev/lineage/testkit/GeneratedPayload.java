package dev.lineage.testkit;

import dev.lineage.spi.Payload;
import java.io.InputStream;

/** A large, deterministic payload generated on the fly, so tests never hold it in the heap. */
final class GeneratedPayload implements Payload {
  private final long length;
  private final long seed;

  GeneratedPayload(long length, long seed) {
    this.length = length;
    this.seed = seed;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream open() {
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        return pos < length ? byteAt(pos++) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - pos);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) byteAt(pos++);
        }
        return n;
      }
    };
  }

  private int byteAt(long i) {
    long x = (i >>> 3) * 0x9E3779B97F4A7C15L + seed;
    x ^= x >>> 29;
    return (int) (x >>> ((i & 7) * 8)) & 0xFF;
  }
}
