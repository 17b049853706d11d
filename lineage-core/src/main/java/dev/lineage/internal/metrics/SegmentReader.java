package dev.lineage.internal.metrics;

import dev.lineage.CorruptObjectException;
import dev.lineage.MetricPoint;
import dev.lineage.StorageException;
import dev.lineage.UnsupportedVersionException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/** Reads metric segments through {@link ParquetFileReader} (not {@code ParquetReader}, which links Hadoop). */
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
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0, n = pages.getRowCount(); i < n; i++) {
          Group g = records.read();
          String key = g.getString(MetricSchema.KEY, 0);
          if (keys.test(key)) {
            out.add(new MetricPoint(key, g.getLong(MetricSchema.STEP, 0), g.getLong(MetricSchema.TIMESTAMP, 0),
                g.getDouble(MetricSchema.VALUE, 0)));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException) {
        throw (StorageException) e;
      }
      throw new CorruptObjectException(name, "is not a readable Parquet metric segment (" + e.getMessage() + ")", e);
    }
  }
}
