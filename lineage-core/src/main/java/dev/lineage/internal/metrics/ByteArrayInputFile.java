package dev.lineage.internal.metrics;

import java.io.EOFException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over an object read from the store (segments are bounded in size). */
final class ByteArrayInputFile implements InputFile {
  private final byte[] bytes;

  ByteArrayInputFile(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public long getLength() {
    return bytes.length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new SeekableInputStream() {
      private int pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void seek(long newPos) throws EOFException {
        if (newPos < 0 || newPos > bytes.length) {
          throw new EOFException("seek to " + newPos + " outside 0.." + bytes.length);
        }
        pos = (int) newPos;
      }

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return -1;
        }
        int n = Math.min(len, bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public void readFully(byte[] b) throws EOFException {
        readFully(b, 0, b.length);
      }

      @Override
      public void readFully(byte[] b, int off, int len) throws EOFException {
        if (bytes.length - pos < len) {
          throw new EOFException("need " + len + " bytes at " + pos + " of " + bytes.length);
        }
        System.arraycopy(bytes, pos, b, off, len);
        pos += len;
      }

      @Override
      public int read(ByteBuffer buf) {
        if (pos >= bytes.length) {
          return -1;
        }
        int n = Math.min(buf.remaining(), bytes.length - pos);
        buf.put(bytes, pos, n);
        pos += n;
        return n;
      }

      @Override
      public void readFully(ByteBuffer buf) throws EOFException {
        if (bytes.length - pos < buf.remaining()) {
          throw new EOFException("need " + buf.remaining() + " bytes at " + pos + " of " + bytes.length);
        }
        int n = buf.remaining();
        buf.put(bytes, pos, n);
        pos += n;
      }
    };
  }
}
