package dev.lineage.internal.metrics;

import java.io.IOException;
import org.apache.parquet.hadoop.ParquetFileReader;

/** Opens a Parquet file held in memory, without Hadoop. */
public final class ParquetBytes {
  private ParquetBytes() {}

  /** Opens the bytes; an IOException if they are not a Parquet file (parquet says so with a RuntimeException). */
  public static ParquetFileReader open(byte[] bytes) throws IOException {
    try {
      return ParquetFileReader.open(new ByteArrayInputFile(bytes),
          HadoopFreeReadOptions.create(new ZstdCodecFactory()));
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
