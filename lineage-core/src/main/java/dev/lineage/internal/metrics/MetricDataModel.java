package dev.lineage.internal.metrics;

import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;

/**
 * An Avro data model whose "record" is a cursor over a {@link PointChunk}, so parquet-avro writes buffered
 * points straight from primitive arrays, with no GenericRecord and no string encoding per point.
 */
final class MetricDataModel extends GenericData {
  static final MetricDataModel INSTANCE = new MetricDataModel();

  /** The row parquet-avro is writing: one point of a chunk. */
  static final class Row {
    Utf8 runId;
    Utf8[] keys;
    PointChunk chunk;
    int index;
  }

  @Override
  public Object getField(Object record, String name, int position) {
    Row row = (Row) record;
    switch (position) {
      case MetricSchema.RUN_ID:
        return row.runId;
      case MetricSchema.KEY:
        return row.keys[row.chunk.keyIds[row.index]];
      case MetricSchema.STEP:
        return row.chunk.steps[row.index];
      case MetricSchema.TIMESTAMP:
        return row.chunk.timestamps[row.index];
      case MetricSchema.VALUE:
        return row.chunk.values[row.index];
      default:
        throw new IllegalArgumentException("no metric column at position " + position);
    }
  }
}
