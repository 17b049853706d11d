package dev.lineage.internal.query;

import dev.lineage.CorruptObjectException;
import dev.lineage.StorageException;
import dev.lineage.internal.metrics.ParquetBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

/**
 * An index table decoded column by column into arrays. A string column is an {@code int} per row indexing that
 * column's dictionary of distinct values ({@code -1} for null), so a million rows that name a hundred thousand
 * digests cost a million ints and a hundred thousand strings, not a million strings.
 */
final class TableColumns {
  private final Table table;
  private final int rows;
  private final int[][] ids;
  private final String[][] dictionaries;
  private final long[][] longs;
  private final double[][] doubles;
  private final boolean[][] nulls;
  private final Map<String, Integer> columnIndex = new HashMap<>();

  private TableColumns(Table table, int rows, int[][] ids, String[][] dictionaries, long[][] longs,
      double[][] doubles, boolean[][] nulls) {
    this.table = table;
    this.rows = rows;
    this.ids = ids;
    this.dictionaries = dictionaries;
    this.longs = longs;
    this.doubles = doubles;
    this.nulls = nulls;
    for (int i = 0; i < table.columns().size(); i++) {
      columnIndex.put(table.columns().get(i).name(), i);
    }
  }

  private int column(String name) {
    Integer i = columnIndex.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no column " + name + " in " + table.name());
    }
    return i;
  }

  /** A table with no rows (a store with no snapshot yet). */
  static TableColumns empty(Table table) {
    int n = table.columns().size();
    int[][] ids = new int[n][];
    String[][] dictionaries = new String[n][];
    long[][] longs = new long[n][];
    double[][] doubles = new double[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = new int[0];
      dictionaries[i] = new String[0];
      longs[i] = new long[0];
      doubles[i] = new double[0];
    }
    return new TableColumns(table, 0, ids, dictionaries, longs, doubles, new boolean[n][]);
  }

  int rows() {
    return rows;
  }

  /** A string column's dictionary id per row ({@code -1} for null). */
  int[] ids(String column) {
    return ids[column(column)];
  }

  String[] dictionary(String column) {
    return dictionaries[column(column)];
  }

  String string(String column, int row) {
    int c = column(column);
    int id = ids[c][row];
    return id < 0 ? null : dictionaries[c][id];
  }

  /** A long or timestamp column's value, or null. */
  Long longOrNull(String column, int row) {
    int c = column(column);
    return nulls[c] != null && nulls[c][row] ? null : longs[c][row];
  }

  /** True if the (long, timestamp or double) column is null in this row. */
  boolean isNull(String column, int row) {
    int c = column(column);
    return nulls[c] != null && nulls[c][row];
  }

  /** The id of {@code value} in a string column's dictionary, or -1 if no row holds it. */
  int idOf(String column, String value) {
    return java.util.Arrays.asList(dictionaries[column(column)]).indexOf(value);
  }

  long[] longs(String column) {
    return longs[column(column)];
  }

  double[] doubles(String column) {
    return doubles[column(column)];
  }

  /** Reads every column of a table written by {@link TableWriter}; {@code name} is for error messages. */
  static TableColumns read(byte[] bytes, String name, Table table) {
    try (ParquetFileReader reader = ParquetBytes.open(bytes)) {
      Map<String, String> meta = reader.getFileMetaData().getKeyValueMetaData();
      String format = meta.get("lineage.format");
      if (!("lineage.index." + table.name()).equals(format)) {
        throw new CorruptObjectException(name, "is not an index table " + table.name() + " (format " + format + ")");
      }
      if (!RunTables.VERSION.equals(meta.get("lineage.format.version"))) {
        throw new CorruptObjectException(name, "is index table format version " + meta.get("lineage.format.version")
            + ", not the " + RunTables.VERSION + " its manifest promises");
      }
      long total = reader.getRecordCount();
      if (total > Integer.MAX_VALUE) {
        throw new StorageException(name + " has " + total + " rows, more than one index table can hold");
      }
      int rows = (int) total;
      int n = table.columns().size();
      int[][] ids = new int[n][];
      String[][] dictionaries = new String[n][];
      long[][] longs = new long[n][];
      double[][] doubles = new double[n][];
      boolean[][] nulls = new boolean[n][];
      List<Map<String, Integer>> globalIds = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Table.Column c = table.columns().get(i);
        switch (c.kind()) {
          case STRING:
            ids[i] = new int[rows];
            break;
          case DOUBLE:
            doubles[i] = new double[rows];
            break;
          default:
            longs[i] = new long[rows];
            break;
        }
        if (!c.required() && c.kind() != Table.Kind.STRING) {
          nulls[i] = new boolean[rows];
        }
        globalIds.add(null);
      }
      MessageType schema = reader.getFileMetaData().getSchema();
      // An optional column added to the format later is absent from tables written before: all null there.
      boolean[] absent = new boolean[n];
      for (int i = 0; i < n; i++) {
        Table.Column column = table.columns().get(i);
        if (!schema.containsField(column.name())) {
          if (column.required()) {
            throw new CorruptObjectException(name, "has no column " + column.name());
          }
          absent[i] = true;
          if (ids[i] != null) {
            java.util.Arrays.fill(ids[i], -1);
            dictionaries[i] = new String[0];
          } else {
            java.util.Arrays.fill(nulls[i], true);
          }
        }
      }
      PageReadStore pages;
      int base = 0;
      int rowGroup = 0;
      while ((pages = reader.readNextRowGroup()) != null) {
        BlockMetaData block = reader.getRowGroups().get(rowGroup++);
        DictionaryCapture root = new DictionaryCapture(schema.getFieldCount());
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, root, schema,
            reader.getFileMetaData().getCreatedBy());
        int count = (int) pages.getRowCount();
        for (int i = 0; i < n; i++) {
          Table.Column column = table.columns().get(i);
          if (absent[i]) {
            continue;
          }
          ColumnDescriptor d = schema.getColumnDescription(new String[] {column.name()});
          ColumnReader c = store.getColumnReader(d);
          int maxDefinition = d.getMaxDefinitionLevel();
          switch (column.kind()) {
            case STRING: {
              boolean firstGroup = base == 0;
              String[] local = fullyDictionaryEncoded(block.getColumns().get(schema.getColumns().indexOf(d)))
                  ? root.decoded(schema.getFieldIndex(column.name())) : null;
              if (local != null && firstGroup) {
                readDictionaryIds(c, maxDefinition, ids[i], base, count);
                dictionaries[i] = local;
              } else {
                Map<String, Integer> global = globalIds.get(i);
                if (global == null) {
                  global = new HashMap<>();
                  String[] previous = dictionaries[i];
                  for (int id = 0; previous != null && id < previous.length; id++) {
                    global.put(previous[id], id);
                  }
                  globalIds.set(i, global);
                }
                readStrings(c, maxDefinition, local, global, ids[i], base, count);
              }
              break;
            }
            case DOUBLE:
              for (int r = 0; r < count; r++) {
                if (c.getCurrentDefinitionLevel() == maxDefinition) {
                  doubles[i][base + r] = c.getDouble();
                } else {
                  nulls[i][base + r] = true;
                }
                c.consume();
              }
              break;
            default:
              for (int r = 0; r < count; r++) {
                if (c.getCurrentDefinitionLevel() == maxDefinition) {
                  longs[i][base + r] = c.getLong();
                } else {
                  nulls[i][base + r] = true;
                }
                c.consume();
              }
              break;
          }
        }
        base += count;
      }
      for (int i = 0; i < n; i++) {
        Map<String, Integer> global = globalIds.get(i);
        if (global != null) {
          String[] dictionary = new String[global.size()];
          global.forEach((value, id) -> dictionary[id] = value);
          dictionaries[i] = dictionary;
        } else if (ids[i] != null && dictionaries[i] == null) {
          dictionaries[i] = new String[0]; // an empty table
        }
      }
      return new TableColumns(table, rows, ids, dictionaries, longs, doubles, nulls);
    } catch (IOException | RuntimeException e) { // a damaged page surfaces as any of parquet's runtime exceptions
      if (e instanceof StorageException s) {
        throw s;
      }
      throw new CorruptObjectException(name, "is not a readable index table: " + e, e);
    }
  }

  private static void readDictionaryIds(ColumnReader c, int maxDefinition, int[] out, int base, int count) {
    for (int r = 0; r < count; r++) {
      out[base + r] = c.getCurrentDefinitionLevel() == maxDefinition ? c.getCurrentValueDictionaryID() : -1;
      c.consume();
    }
  }

  /** Strings of a plain-encoded chunk, or of a later row group, mapped into the column's one dictionary. */
  private static void readStrings(ColumnReader c, int maxDefinition, String[] local, Map<String, Integer> global,
      int[] out, int base, int count) {
    Binary last = null;
    int lastId = -1;
    for (int r = 0; r < count; r++) {
      if (c.getCurrentDefinitionLevel() != maxDefinition) {
        out[base + r] = -1;
      } else if (local != null) {
        out[base + r] = global.computeIfAbsent(local[c.getCurrentValueDictionaryID()], k -> global.size());
      } else {
        Binary b = c.getBinary();
        if (!b.equals(last)) { // consecutive rows often repeat a value (a run's id on each of its rows)
          last = b.copy();
          lastId = global.computeIfAbsent(b.toStringUsingUTF8(), k -> global.size());
        }
        out[base + r] = lastId;
      }
      c.consume();
    }
  }

  /** True if every data page of the chunk is dictionary-encoded (index tables keep large dictionaries). */
  private static boolean fullyDictionaryEncoded(ColumnChunkMetaData chunk) {
    EncodingStats stats = chunk.getEncodingStats();
    return stats != null && stats.hasDictionaryPages() && !stats.hasNonDictionaryEncodedPages();
  }

  /** Asks the column readers for dictionary ids instead of values, and keeps each column's dictionary. */
  private static final class DictionaryCapture extends GroupConverter {
    private final Field[] fields;

    DictionaryCapture(int count) {
      fields = new Field[count];
      for (int i = 0; i < count; i++) {
        fields[i] = new Field();
      }
    }

    String[] decoded(int field) {
      Dictionary d = fields[field].dictionary;
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
    public Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}

    private static final class Field extends PrimitiveConverter {
      Dictionary dictionary;

      @Override
      public boolean hasDictionarySupport() {
        return true;
      }

      @Override
      public void setDictionary(Dictionary dictionary) {
        this.dictionary = dictionary;
      }
    }
  }
}
