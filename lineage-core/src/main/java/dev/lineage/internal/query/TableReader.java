package dev.lineage.internal.query;

import dev.lineage.StorageException;
import dev.lineage.internal.metrics.ParquetBytes;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/** Reads an index table column by column (fast: no record assembly), handing each row to a consumer. */
final class TableReader {
  private TableReader() {}

  /** Calls {@code rows} once per row with the row's values (String, Long, Double or null) in column order. */
  static void read(byte[] bytes, String name, Table table, Consumer<Object[]> rows) {
    try (ParquetFileReader reader = ParquetBytes.open(bytes)) {
      String format = reader.getFileMetaData().getKeyValueMetaData().get("lineage.format");
      if (!("lineage.index." + table.name()).equals(format)) {
        throw new StorageException(name + " is not an index table " + table.name() + " (format " + format + ")");
      }
      MessageType schema = reader.getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
            new GroupRecordConverter(schema).getRootConverter(), schema, reader.getFileMetaData().getCreatedBy());
        int n = table.columns().size();
        ColumnReader[] columns = new ColumnReader[n];
        for (int i = 0; i < n; i++) {
          ColumnDescriptor d = schema.getColumnDescription(new String[] {table.columns().get(i).name()});
          columns[i] = store.getColumnReader(d);
        }
        // Consecutive rows often repeat a string (a run's id on each of its rows): decode it once.
        org.apache.parquet.io.api.Binary[] lastBinary = new org.apache.parquet.io.api.Binary[n];
        String[] lastString = new String[n];
        for (long r = 0, count = pages.getRowCount(); r < count; r++) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            ColumnReader c = columns[i];
            if (c.getCurrentDefinitionLevel() == c.getDescriptor().getMaxDefinitionLevel()) {
              switch (table.columns().get(i).kind()) {
                case STRING: {
                  org.apache.parquet.io.api.Binary b = c.getBinary();
                  if (!b.equals(lastBinary[i])) {
                    lastBinary[i] = b.copy();
                    lastString[i] = b.toStringUsingUTF8();
                  }
                  row[i] = lastString[i];
                  break;
                }
                case DOUBLE:
                  row[i] = c.getDouble();
                  break;
                default:
                  row[i] = c.getLong();
                  break;
              }
            }
            c.consume();
          }
          rows.accept(row);
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot read index table " + name + ": " + e.getMessage(), e);
    }
  }
}
