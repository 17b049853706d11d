package dev.lineage.internal.query;

import dev.lineage.StorageException;
import dev.lineage.internal.metrics.ParquetBytes;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/** Reads an index table column by column (fast: no record assembly), handing each row to a consumer. */
final class TableReader {
  private TableReader() {}

  /** True if every data page of the chunk is dictionary-encoded (index tables keep large dictionaries). */
  private static boolean fullyDictionaryEncoded(org.apache.parquet.hadoop.metadata.ColumnChunkMetaData chunk) {
    org.apache.parquet.column.EncodingStats stats = chunk.getEncodingStats();
    return stats != null && stats.hasDictionaryPages() && !stats.hasNonDictionaryEncodedPages();
  }

  /**
   * A converter that asks for dictionary ids instead of values, and keeps each column's dictionary, so that a
   * string column's distinct values are decoded once and rows cost an array lookup.
   */
  private static final class DictionaryCapture extends org.apache.parquet.io.api.GroupConverter {
    private final Field[] fields;

    DictionaryCapture(int count) {
      fields = new Field[count];
      for (int i = 0; i < count; i++) {
        fields[i] = new Field();
      }
    }

    String[] decoded(int field) {
      org.apache.parquet.column.Dictionary d = fields[field].dictionary;
      if (d == null) {
        return null;
      }
      String[] out = new String[d.getMaxId() + 1];
      for (int id = 0; id < out.length; id++) {
        out[id] = d.decodeToBinary(id).toStringUsingUTF8();
      }
      return out;
    }

    @Override
    public org.apache.parquet.io.api.Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}

    private static final class Field extends org.apache.parquet.io.api.PrimitiveConverter {
      org.apache.parquet.column.Dictionary dictionary;

      @Override
      public boolean hasDictionarySupport() {
        return true;
      }

      @Override
      public void setDictionary(org.apache.parquet.column.Dictionary dictionary) {
        this.dictionary = dictionary;
      }
    }
  }

  /** Calls {@code rows} once per row with the row's values (String, Long, Double or null) in column order. */
  static void read(byte[] bytes, String name, Table table, Consumer<Object[]> rows) {
    try (ParquetFileReader reader = ParquetBytes.open(bytes)) {
      String format = reader.getFileMetaData().getKeyValueMetaData().get("lineage.format");
      if (!("lineage.index." + table.name()).equals(format)) {
        throw new StorageException(name + " is not an index table " + table.name() + " (format " + format + ")");
      }
      MessageType schema = reader.getFileMetaData().getSchema();
      PageReadStore pages;
      int rowGroup = 0;
      while ((pages = reader.readNextRowGroup()) != null) {
        org.apache.parquet.hadoop.metadata.BlockMetaData block = reader.getRowGroups().get(rowGroup++);
        DictionaryCapture root = new DictionaryCapture(schema.getFieldCount());
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, root, schema,
            reader.getFileMetaData().getCreatedBy());
        int n = table.columns().size();
        ColumnReader[] columns = new ColumnReader[n];
        String[][] dictionaries = new String[n][];
        for (int i = 0; i < n; i++) {
          ColumnDescriptor d = schema.getColumnDescription(new String[] {table.columns().get(i).name()});
          columns[i] = store.getColumnReader(d);
          int field = schema.getFieldIndex(table.columns().get(i).name());
          if (table.columns().get(i).kind() == Table.Kind.STRING
              && fullyDictionaryEncoded(block.getColumns().get(schema.getColumns().indexOf(d)))) {
            dictionaries[i] = root.decoded(field);
          }
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
                  if (dictionaries[i] != null) {
                    row[i] = dictionaries[i][c.getCurrentValueDictionaryID()];
                    break;
                  }
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
