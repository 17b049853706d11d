package dev.lineage.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.internal.store.Keys;
import dev.lineage.spi.ObjectInfo;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metric segments are written and read, compressed, with no Hadoop class loadable: surefire removes the
 * compile-only Hadoop jar from this module's test classpath.
 */
class HadoopFreeParquetTest {
  @TempDir Path tmp;

  @Test
  void hadoopIsNotOnTheClasspath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.fs.Path"));
  }

  @Test
  void compressedSegmentsRoundTripWithoutHadoop() throws Exception {
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/hadoop-free"));
    RunId id;
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(tmp).build();
        Run run = lineage.newRun("no-hadoop")) {
      for (int step = 0; step < 50_000; step++) {
        run.logMetric("loss", 1.0 / (1 + step), step);
      }
      id = run.id();
    }
    List<ObjectInfo> segments = backend.listAll(Keys.metricsPrefix(id));
    assertTrue(!segments.isEmpty() && segments.size() <= MetricBuffer.LANES, "segments: " + segments);
    List<MetricPoint> points = new java.util.ArrayList<>();
    for (ObjectInfo segment : segments) {
      byte[] bytes = backend.get(segment.key()).orElseThrow().readAllBytes();
      try (ParquetFileReader reader = ParquetFileReader.open(new ByteArrayInputFile(bytes),
          HadoopFreeReadOptions.create(new ZstdCodecFactory()))) {
        for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
          assertEquals(CompressionCodecName.ZSTD, column.getCodec(), column.getPath().toDotString());
        }
        Set<Encoding> stepEncodings = encodings(reader, "step");
        Set<Encoding> valueEncodings = encodings(reader, "value");
        assertTrue(stepEncodings.contains(Encoding.DELTA_BINARY_PACKED), "step: " + stepEncodings);
        // Version 2: no byte-stream-split, which Spark's default (vectorized) reader refuses.
        assertEquals(Set.of(Encoding.PLAIN), valueEncodings, "value: " + valueEncodings);
        assertEquals("2", reader.getFooter().getFileMetaData().getKeyValueMetaData().get("lineage.format.version"));
        assertEquals(MetricSchema.AVRO.toString(),
            reader.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
      }
      SegmentReader.read(bytes, segment.key(), "loss"::equals, points);
    }
    points.sort(java.util.Comparator.comparingLong(MetricPoint::step));
    assertEquals(50_000, points.size());
    for (int step = 0; step < points.size(); step++) {
      assertEquals(step, points.get(step).step());
      assertEquals(1.0 / (1 + step), points.get(step).value());
    }
  }

  private static Set<Encoding> encodings(ParquetFileReader reader, String column) {
    return reader.getFooter().getBlocks().stream()
        .flatMap(b -> b.getColumns().stream())
        .filter(c -> c.getPath().toDotString().equals(column))
        .flatMap(c -> c.getEncodings().stream())
        .collect(Collectors.toSet());
  }
}
