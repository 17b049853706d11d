package dev.lineage.internal.query;

import dev.lineage.internal.metrics.ZstdCodecFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/** Writes one index table to a local Parquet file, row by row, with no Hadoop (as metric segments are). */
final class TableWriter implements AutoCloseable {
  private static final long ROW_GROUP_BYTES = 32L << 20;
  private final Table table;
  private final MessageType schema;
  // Dictionaries up to 64 MiB keep columns like digests and run ids dictionary-encoded (each distinct value
  // stored and decoded once) instead of falling back to plain pages past parquet's 1 MiB default.
  private final ParquetProperties props = ParquetProperties.builder()
      .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
      .withPageSize(1 << 20)
      .withDictionaryPageSize(64 << 20)
      .build();
  private final ParquetFileWriter file;
  private final ColumnChunkPageWriteStore pages;
  private final ColumnWriteStore store;
  private final ColumnWriter[] writers;
  private long rows;

  TableWriter(Path path, Table table) throws IOException {
    this.table = table;
    this.schema = table.schema();
    file = new ParquetFileWriter(new LocalOutputFile(path), schema, ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_BYTES,
        0, null, props);
    file.start();
    pages = new ColumnChunkPageWriteStore(new ZstdCodecFactory().getCompressor(CompressionCodecName.ZSTD), schema,
        props.getAllocator(), props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
    store = props.newColumnWriteStore(schema, pages);
    writers = new ColumnWriter[table.columns().size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = store.getColumnWriter(schema.getColumns().get(i));
    }
  }

  /** One row; values are String, Long or Double by column kind, or null. */
  void row(Object... values) {
    for (int i = 0; i < writers.length; i++) {
      Object v = values[i];
      Table.Column column = table.columns().get(i);
      if (v == null) {
        if (column.required()) {
          throw new IllegalArgumentException("column " + column.name() + " of " + table.name() + " is required");
        }
        writers[i].writeNull(0, 0);
        continue;
      }
      int definition = column.required() ? 0 : 1;
      switch (column.kind()) {
        case STRING:
          writers[i].write(Binary.fromConstantByteArray(((String) v).getBytes(StandardCharsets.UTF_8)), 0, definition);
          break;
        case DOUBLE:
          writers[i].write((Double) v, 0, definition);
          break;
        default:
          writers[i].write((Long) v, 0, definition);
          break;
      }
    }
    store.endRecord();
    rows++;
  }

  @Override
  public void close() throws IOException {
    // One row group: an index table is read whole, and its size is bounded by the runs it covers.
    if (rows > 0) { // parquet refuses an empty row group; a file with none is a valid empty table
      store.flush();
      file.startBlock(rows);
      pages.flushToFileWriter(file);
      file.endBlock();
    }
    store.close();
    pages.close();
    file.end(Map.of("lineage.format", "lineage.index." + table.name(), "lineage.format.version", "1"));
  }

  static List<String> names(Table table) {
    return table.columns().stream().map(Table.Column::name).toList();
  }
}
