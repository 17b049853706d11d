package dev.lineage.internal.metrics;

import org.apache.avro.Schema;

/**
 * The Parquet schema of metric segments, version {@value #VERSION} (docs/storage-format.md). Adding a
 * column is a minor change readers ignore; anything else is a new version. Version 2 has version 1's schema with
 * plain-encoded values instead of byte-stream-split; readers read both.
 */
final class MetricSchema {
  static final String VERSION = "2";
  /** The versions readers accept. */
  static final java.util.Set<String> READABLE = java.util.Set.of("1", "2");
  static final String FORMAT_KEY = "lineage.format";
  static final String FORMAT = "lineage.metric-segment";
  static final String VERSION_KEY = "lineage.format.version";

  static final Schema AVRO = new Schema.Parser().parse("{"
      + "\"type\":\"record\",\"name\":\"MetricPoint\",\"namespace\":\"dev.lineage.v1\",\"fields\":["
      + "{\"name\":\"run_id\",\"type\":\"string\"},"
      + "{\"name\":\"key\",\"type\":\"string\"},"
      + "{\"name\":\"step\",\"type\":\"long\"},"
      + "{\"name\":\"timestamp\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
      + "{\"name\":\"value\",\"type\":\"double\"}]}");

  static final int RUN_ID = 0;
  static final int KEY = 1;
  static final int STEP = 2;
  static final int TIMESTAMP = 3;
  static final int VALUE = 4;

  private MetricSchema() {}
}
