package dev.lineage.internal.metrics;

import dev.lineage.CorruptObjectException;
import dev.lineage.MetricPoint;
import dev.lineage.StorageException;
import dev.lineage.UnsupportedVersionException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads metric segments through {@link ParquetFileReader} (not {@code ParquetReader}, which links Hadoop), column
 * by column: a segment is flat and every column required, so the four columns are read side by side with no
 * record assembly (parquet's record reader builds a state machine and a group per row, most of a small segment's
 * read in a new JVM).
 */
public final class SegmentReader {
  private SegmentReader() {}

  /** Appends the segment's points whose key passes {@code keys} to {@code out}. */
  public static void read(byte[] segment, String name, Predicate<String> keys, List<MetricPoint> out) {
    try (ParquetFileReader reader = ParquetBytes.open(segment)) {
      Map<String, String> meta = reader.getFileMetaData().getKeyValueMetaData();
      if (!MetricSchema.FORMAT.equals(meta.get(MetricSchema.FORMAT_KEY))) {
        throw new CorruptObjectException(name, "is not a metric segment (format " + meta.get(MetricSchema.FORMAT_KEY)
            + ")");
      }
      if (!MetricSchema.READABLE.contains(meta.get(MetricSchema.VERSION_KEY))) {
        int version;
        try {
          version = Integer.parseInt(meta.get(MetricSchema.VERSION_KEY));
        } catch (NumberFormatException e) {
          throw new CorruptObjectException(name, "has no readable format version");
        }
        throw new UnsupportedVersionException(name, MetricSchema.FORMAT, version,
            MetricSchema.FORMAT + " versions 1 and " + MetricSchema.VERSION);
      }
      MessageType schema = reader.getFileMetaData().getSchema();
      ColumnDescriptor key = column(schema, MetricSchema.KEY, "key", PrimitiveTypeName.BINARY, name);
      ColumnDescriptor step = column(schema, MetricSchema.STEP, "step", PrimitiveTypeName.INT64, name);
      ColumnDescriptor timestamp = column(schema, MetricSchema.TIMESTAMP, "timestamp", PrimitiveTypeName.INT64, name);
      ColumnDescriptor value = column(schema, MetricSchema.VALUE, "value", PrimitiveTypeName.DOUBLE, name);
      String createdBy = reader.getFileMetaData().getCreatedBy();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        ColumnReadStoreImpl columns = new ColumnReadStoreImpl(pages, new Unconverted(schema.getFieldCount()), schema,
            createdBy);
        ColumnReader keyColumn = columns.getColumnReader(key);
        ColumnReader stepColumn = columns.getColumnReader(step);
        ColumnReader timestampColumn = columns.getColumnReader(timestamp);
        ColumnReader valueColumn = columns.getColumnReader(value);
        for (long i = 0, n = pages.getRowCount(); i < n; i++) {
          // Every value is decoded, wanted or not: a column reader's consume() skips no value it was not asked for.
          String pointKey = keyColumn.getBinary().toStringUsingUTF8();
          long pointStep = stepColumn.getLong();
          long pointTimestamp = timestampColumn.getLong();
          double pointValue = valueColumn.getDouble();
          if (keys.test(pointKey)) {
            out.add(new MetricPoint(pointKey, pointStep, pointTimestamp, pointValue));
          }
          keyColumn.consume();
          stepColumn.consume();
          timestampColumn.consume();
          valueColumn.consume();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException) {
        throw (StorageException) e;
      }
      throw new CorruptObjectException(name, "is not a readable Parquet metric segment (" + e.getMessage() + ")", e);
    }
  }

  /** The segment's column at {@code index}, which must be the required flat column the format names there. */
  private static ColumnDescriptor column(MessageType schema, int index, String field, PrimitiveTypeName type,
      String name) {
    List<ColumnDescriptor> columns = schema.getColumns();
    ColumnDescriptor c = index < columns.size() ? columns.get(index) : null;
    // A top-level (path of one name) required column has no definition or repetition levels to read.
    if (c == null || c.getPath().length != 1 || !c.getPath()[0].equals(field)
        || c.getPrimitiveType().getPrimitiveTypeName() != type
        || c.getPrimitiveType().getRepetition() != Type.Repetition.REQUIRED) {
      throw new CorruptObjectException(name, "is not a metric segment: column " + (index + 1) + " is not the required "
          + type + " column '" + field + "' (schema " + schema + ")");
    }
    return c;
  }

  /** Parquet's column store wants a converter per column; values are read from the columns instead. */
  private static final class Unconverted extends GroupConverter {
    private final PrimitiveConverter[] columns;

    Unconverted(int fields) {
      columns = new PrimitiveConverter[fields];
      for (int i = 0; i < fields; i++) {
        columns[i] = new PrimitiveConverter() {};
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return columns[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
