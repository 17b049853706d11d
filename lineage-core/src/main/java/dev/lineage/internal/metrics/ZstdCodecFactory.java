package dev.lineage.internal.metrics;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet compression through zstd-jni. Parquet's own codec factory loads Hadoop classes for every codec but
 * UNCOMPRESSED; this one loads none, so metric segments can be written and read with no Hadoop present.
 */
public final class ZstdCodecFactory implements CompressionCodecFactory {
  static final int LEVEL = 1;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    switch (codec) {
      case ZSTD:
        return new ZstdCompressor();
      case UNCOMPRESSED:
        return new Identity();
      default:
        throw new UnsupportedOperationException("Lineage reads and writes only ZSTD and UNCOMPRESSED, not " + codec);
    }
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    switch (codec) {
      case ZSTD:
        return new ZstdDecompressor();
      case UNCOMPRESSED:
        return new Identity();
      default:
        throw new UnsupportedOperationException("Lineage reads and writes only ZSTD and UNCOMPRESSED, not " + codec);
    }
  }

  @Override
  public void release() {}

  private static final class ZstdCompressor implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      return BytesInput.from(Zstd.compress(bytesOf(bytes), LEVEL));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {}
  }

  private static final class ZstdDecompressor implements BytesInputDecompressor {
    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      return BytesInput.from(decompressed(bytesOf(bytes), uncompressedSize));
    }

    private static byte[] decompressed(byte[] in, int uncompressedSize) throws IOException {
      byte[] out = new byte[uncompressedSize];
      long n = Zstd.decompress(out, in);
      if (Zstd.isError(n) || n != uncompressedSize) {
        throw new IOException("corrupt ZSTD page: " + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes"));
      }
      return out;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      output.put(decompressed(in, uncompressedSize));
    }

    @Override
    public void release() {}
  }

  private static final class Identity implements BytesInputCompressor, BytesInputDecompressor {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
      return bytes;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
      ByteBuffer slice = input.duplicate();
      slice.limit(slice.position() + compressedSize);
      output.put(slice);
    }

    @Override
    public void release() {}
  }

  /**
   * A page's bytes as one array: {@code BytesInput.toByteArray()} is deprecated, and its size is known, so the
   * buffer written into is exactly the array (no second copy).
   */
  static byte[] bytesOf(BytesInput bytes) throws IOException {
    long size = bytes.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("a page of " + size + " bytes is over an array's limit");
    }
    ExactBuffer out = new ExactBuffer((int) size);
    bytes.writeAllTo(out);
    return out.bytes();
  }

  private static final class ExactBuffer extends java.io.ByteArrayOutputStream {
    ExactBuffer(int size) {
      super(size);
    }

    byte[] bytes() {
      return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
    }
  }
}
