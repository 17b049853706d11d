package dev.lineage.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.internal.store.Keys;
import dev.lineage.spi.ObjectInfo;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smooth loss curve of 1M points takes at most 7.2 bytes per point on disk in the version-2 segment format. Version
 * 1 took 4.8 with byte-stream-split values, which Spark's default reader refuses; plain values cost 2.2 bytes a
 * point more, and only zstd's slowest levels (16 and up, several times slower to write) win them back
 * (docs/benchmarks.md).
 */
class MetricSizeTest {
  @TempDir Path tmp;

  @Test
  void aMillionPointLossCurveFitsInSevenPointTwoBytesPerPoint() {
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/size"));
    int points = 1_000_000;
    RunId id;
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(tmp).build();
        Run run = lineage.newRun("size")) {
      for (int step = 0; step < points; step++) {
        run.logMetric("loss", 0.05 + 2.0 * Math.exp(-step / 150_000.0), step);
      }
      id = run.id();
    }
    long bytes = backend.listAll(Keys.metricsPrefix(id)).stream().mapToLong(ObjectInfo::size).sum();
    double perPoint = (double) bytes / points;
    System.out.printf("1M-point loss curve: %d bytes, %.2f bytes/point%n", bytes, perPoint);
    assertTrue(perPoint <= 7.2, "bytes per point: " + perPoint);
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(tmp).build()) {
      assertEquals(points, lineage.metric(id, "loss").size());
    }
  }
}
