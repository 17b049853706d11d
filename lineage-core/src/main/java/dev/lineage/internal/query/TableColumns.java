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
  private final boolean[] distinctAscending;
  private final Map<String, Integer> columnIndex = new HashMap<>();

  private TableColumns(Table table, int rows, int[][] ids, String[][] dictionaries, long[][] longs,
      double[][] doubles, boolean[][] nulls, boolean[] distinctAscending) {
    this.table = table;
    this.rows = rows;
    this.ids = ids;
    this.dictionaries = dictionaries;
    this.longs = longs;
    this.doubles = doubles;
    this.nulls = nulls;
    this.distinctAscending = distinctAscending;
    for (int i = 0; i < table.columns().size(); i++) {
      columnIndex.put(table.columns().get(i).name(), i);
    }
  }

  private int column(String name) {
    Integer i = columnIndex.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no column " + name + " in " + table.name());
    }
    if (ids[i] == null && longs[i] == null && doubles[i] == null) {
      throw new IllegalStateException("column " + name + " of " + table.name() + " was not read");
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
    return new TableColumns(table, 0, ids, dictionaries, longs, doubles, new boolean[n][], new boolean[n]);
  }

  int rows() {
    return rows;
  }

  /** A string column's dictionary id per row ({@code -1} for null). */
  int[] ids(String column) {
    return ids[column(column)];
  }

  /**
   * True if the string column was read as distinct values in ascending order, row {@code r} holding dictionary
   * id {@code r}; false says nothing (a dictionary-encoded column is not looked at).
   */
  boolean distinctAscending(String column) {
    return distinctAscending[column(column)];
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
    return read(bytes, name, table, null);
  }

  /**
   * Reads the named columns of a table ({@code null}: all of them); the others are not decoded, and asking for
   * one is a bug ({@link IllegalStateException}). The table's format, version and required columns are checked
   * whichever columns are read.
   */
  static TableColumns read(byte[] bytes, String name, Table table, java.util.Set<String> only) {
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
      String[][] values = new String[n][]; // a string column's value per row, where not one dictionary's ids
      boolean[] skipped = new boolean[n];
      for (int i = 0; i < n; i++) {
        Table.Column c = table.columns().get(i);
        if (only != null && !only.contains(c.name())) {
          skipped[i] = true;
          continue;
        }
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
          if (skipped[i]) {
            continue;
          }
          if (ids[i] != null) {
            java.util.Arrays.fill(ids[i], -1);
            dictionaries[i] = new String[0];
          } else {
            java.util.Arrays.fill(nulls[i], true);
          }
        }
      }
      // Only the chunks of the columns read are fetched and decompressed: a search by name reads two of the
      // runs table's twenty-nine.
      List<org.apache.parquet.schema.Type> read = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!skipped[i] && !absent[i]) {
          read.add(schema.getType(table.columns().get(i).name()));
        }
      }
      MessageType requested = new MessageType(schema.getName(), read);
      reader.setRequestedSchema(requested);
      PageReadStore pages;
      int base = 0;
      int rowGroup = 0;
      while ((pages = reader.readNextRowGroup()) != null) {
        BlockMetaData block = reader.getRowGroups().get(rowGroup++);
        DictionaryCapture root = new DictionaryCapture(requested.getFieldCount());
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, root, requested,
            reader.getFileMetaData().getCreatedBy());
        int count = (int) pages.getRowCount();
        for (int i = 0; i < n; i++) {
          Table.Column column = table.columns().get(i);
          if (absent[i] || skipped[i]) {
            continue;
          }
          ColumnDescriptor d = schema.getColumnDescription(new String[] {column.name()});
          ColumnReader c = store.getColumnReader(d);
          int maxDefinition = d.getMaxDefinitionLevel();
          switch (column.kind()) {
            case STRING: {
              String[] local = fullyDictionaryEncoded(block.getColumns().get(schema.getColumns().indexOf(d)))
                  ? root.decoded(requested.getFieldIndex(column.name())) : null;
              if (local != null && base == 0) {
                readDictionaryIds(c, maxDefinition, ids[i], base, count);
                dictionaries[i] = local;
              } else {
                if (values[i] == null) { // the rows before, if any, were one dictionary's ids
                  values[i] = new String[rows];
                  for (int r = 0; r < base; r++) {
                    values[i][r] = ids[i][r] < 0 ? null : dictionaries[i][ids[i][r]];
                  }
                }
                readStrings(c, maxDefinition, local, values[i], base, count);
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
      boolean[] distinctAscending = new boolean[n];
      for (int i = 0; i < n; i++) {
        if (values[i] != null) {
          distinctAscending[i] = number(values[i], ids[i]);
          dictionaries[i] = distinctAscending[i] ? values[i] : distinct(values[i], ids[i]);
        } else if (ids[i] != null && dictionaries[i] == null) {
          dictionaries[i] = new String[0]; // an empty table
        }
      }
      return new TableColumns(table, rows, ids, dictionaries, longs, doubles, nulls, distinctAscending);
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

  /** Strings of a plain-encoded chunk, or of a later row group, one per row (null for null). */
  private static void readStrings(ColumnReader c, int maxDefinition, String[] local, String[] out, int base,
      int count) {
    Binary last = null;
    String lastValue = null;
    for (int r = 0; r < count; r++) {
      if (c.getCurrentDefinitionLevel() != maxDefinition) {
        out[base + r] = null;
      } else if (local != null) {
        out[base + r] = local[c.getCurrentValueDictionaryID()];
      } else {
        Binary b = c.getBinary();
        if (!b.equals(last)) { // consecutive rows often repeat a value (a run's id on each of its rows)
          last = b.isBackingBytesReused() ? b.copy() : b; // most readers hand out bytes they never touch again
          lastValue = utf8(b);
        }
        out[base + r] = lastValue;
      }
      c.consume();
    }
  }

  /**
   * Numbers the rows by value if the values are distinct and ascending, as a runs table's run ids are, and says
   * whether they are: such a column is its own dictionary, with no map from value to id to build.
   */
  private static boolean number(String[] values, int[] ids) {
    for (int r = 0; r < values.length; r++) {
      if (values[r] == null || (r > 0 && values[r - 1].compareTo(values[r]) >= 0)) {
        return false;
      }
    }
    for (int r = 0; r < values.length; r++) {
      ids[r] = r;
    }
    return true;
  }

  /** Numbers each row's value by its first appearance ({@code -1} for null); returns the distinct values. */
  private static String[] distinct(String[] values, int[] ids) {
    Map<String, Integer> numbers = new HashMap<>();
    List<String> dictionary = new ArrayList<>();
    String last = null;
    int lastId = -1;
    for (int r = 0; r < values.length; r++) {
      String v = values[r];
      if (v == null) {
        ids[r] = -1;
        continue;
      }
      if (v != last) { // the same object as the row before: readStrings shares a repeated value's string
        last = v;
        lastId = numbers.computeIfAbsent(v, k -> {
          dictionary.add(k);
          return dictionary.size() - 1;
        });
      }
      ids[r] = lastId;
    }
    return dictionary.toArray(String[]::new);
  }

  /**
   * The string a binary holds. Parquet's own {@code toStringUsingUTF8} decodes a byte array through a
   * {@code CharBuffer}: a third of decoding a column of a hundred thousand run ids.
   */
  private static String utf8(Binary b) {
    java.nio.ByteBuffer bytes = b.toByteBuffer(); // a view: a dictionary's values are slices of its page
    if (bytes.hasArray()) {
      return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
          java.nio.charset.StandardCharsets.UTF_8);
    }
    return new String(b.getBytesUnsafe(), java.nio.charset.StandardCharsets.UTF_8);
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
        out[id] = utf8(d.decodeToBinary(id));
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
