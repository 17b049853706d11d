package dev.lineage.internal.query;

import dev.lineage.internal.metrics.ZstdCodecFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
  static final ParquetProperties PROPERTIES = ParquetProperties.builder()
      .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
      .withPageSize(1 << 20)
      .withDictionaryPageSize(64 << 20)
      .build();
  private final ParquetProperties props;
  private final long rowsPerGroup;
  private final ParquetFileWriter file;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private ColumnWriter[] writers;
  private long rowsInGroup;

  TableWriter(Path path, Table table) throws IOException {
    // One row group: an index table is read whole, and its size is bounded by the runs it covers.
    this(path, table, PROPERTIES, Long.MAX_VALUE);
  }

  /** A writer with other properties and row groups of at most {@code rowsPerGroup} rows (for tests). */
  TableWriter(Path path, Table table, ParquetProperties props, long rowsPerGroup) throws IOException {
    this.table = table;
    this.schema = table.schema();
    this.props = props;
    this.rowsPerGroup = rowsPerGroup;
    file = new ParquetFileWriter(new LocalOutputFile(path), schema, ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_BYTES,
        0, null, props);
    file.start();
    startGroup();
  }

  private void startGroup() {
    pages = new ColumnChunkPageWriteStore(new ZstdCodecFactory().getCompressor(CompressionCodecName.ZSTD), schema,
        props.getAllocator(), props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
    store = props.newColumnWriteStore(schema, pages);
    writers = new ColumnWriter[table.columns().size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = store.getColumnWriter(schema.getColumns().get(i));
    }
  }

  private void endGroup() throws IOException {
    if (rowsInGroup > 0) { // parquet refuses an empty row group; a file with none is a valid empty table
      store.flush();
      file.startBlock(rowsInGroup);
      pages.flushToFileWriter(file);
      file.endBlock();
    }
    store.close();
    pages.close();
    rowsInGroup = 0;
  }

  /** One row; values are String, Long or Double by column kind, or null. */
  void row(Object... values) {
    if (rowsInGroup == rowsPerGroup) {
      try {
        endGroup();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      startGroup();
    }
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
    rowsInGroup++;
  }

  @Override
  public void close() throws IOException {
    endGroup();
    file.end(Map.of("lineage.format", "lineage.index." + table.name(), "lineage.format.version", RunTables.VERSION));
  }
}
