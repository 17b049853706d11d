package dev.lineage.bench;

import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * UNCOMPRESSED only, so the baseline writer, like Lineage, runs without Hadoop (parquet's own factory loads
 * Hadoop classes). It changes nothing else about the baseline: parquet-avro's default is UNCOMPRESSED.
 */
final class UncompressedCodecs implements CompressionCodecFactory {
  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) {
        return bytes;
      }

      @Override
      public CompressionCodecName getCodecName() {
        return CompressionCodecName.UNCOMPRESSED;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
        return bytes;
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
        output.put(input);
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}
}
