package dev.lineage.internal.metrics;

import java.io.IOException;
import org.apache.parquet.hadoop.ParquetFileReader;

/** Opens a Parquet file held in memory, without Hadoop. */
public final class ParquetBytes {
  private ParquetBytes() {}

  public static ParquetFileReader open(byte[] bytes) throws IOException {
    return ParquetFileReader.open(new ByteArrayInputFile(bytes), HadoopFreeReadOptions.create(new ZstdCodecFactory()));
  }
}
