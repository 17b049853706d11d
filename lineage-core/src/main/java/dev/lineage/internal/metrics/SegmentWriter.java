package dev.lineage.internal.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes one metric segment to a local file with parquet-avro and no Hadoop: a plain configuration, a local
 * {@code OutputFile}, our own codec factory. Encodings are chosen for training curves: dictionary for the
 * run id and key, delta for step and timestamp, byte-stream-split plus ZSTD for values.
 */
final class SegmentWriter implements AutoCloseable {
  private final ParquetWriter<MetricDataModel.Row> writer;
  private final MetricDataModel.Row row = new MetricDataModel.Row();
  private long points;

  SegmentWriter(Path file, String runId) throws IOException {
    row.runId = new Utf8(runId.getBytes(StandardCharsets.UTF_8));
    writer = AvroParquetWriter.<MetricDataModel.Row>builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withSchema(MetricSchema.AVRO)
        .withDataModel(MetricDataModel.INSTANCE)
        .withCodecFactory(new ZstdCodecFactory())
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withDictionaryEncoding(true)
        .withDictionaryEncoding("step", false)
        .withDictionaryEncoding("timestamp", false)
        .withDictionaryEncoding("value", false)
        .withByteStreamSplitEncoding(true)
        .withPageSize(1 << 20)
        .withRowGroupSize(64L << 20)
        .withExtraMetaData(Map.of(MetricSchema.FORMAT_KEY, MetricSchema.FORMAT,
            MetricSchema.VERSION_KEY, MetricSchema.VERSION))
        .build();
  }

  void write(PointChunk chunk, Utf8[] keys) throws IOException {
    row.chunk = chunk;
    row.keys = keys;
    for (int i = 0; i < chunk.size; i++) {
      row.index = i;
      writer.write(row);
    }
    points += chunk.size;
  }

  long points() {
    return points;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
