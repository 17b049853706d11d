package dev.lineage.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.GpuSummary;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.gpu.GpuReading;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler inside a real Lineage, at its minimum interval. */
class SystemSamplerTest {
  @TempDir Path dir;

  private Lineage lineage(GpuProbe probe) {
    return Lineage.builder().store("mem:").tempDir(dir).cacheDir(dir.resolve("c")).workDir(dir.resolve("w"))
        .systemMetricsInterval(Duration.ofSeconds(1)).gpuProbe(probe).build();
  }

  /** Two GPUs at fixed utilisations. */
  private static GpuProbe fixed(double gpu0, double gpu1) {
    return new GpuProbe() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public List<GpuReading> read() {
        return List.of(reading(0, gpu0), reading(1, gpu1));
      }

      @Override
      public void close() {}
    };
  }

  private static GpuReading reading(int index, double util) {
    return new GpuReading(index, "GPU-" + index, OptionalDouble.of(util), OptionalDouble.of(1000),
        OptionalDouble.of(80000), OptionalDouble.empty(), OptionalDouble.of(50));
  }

  @Test
  void anIdleRunRecordsGpuMetricsASummaryAndTheWastedTag() throws Exception {
    try (Lineage lineage = lineage(fixed(2, 4))) {
      RunId id;
      try (Run run = lineage.newRun("idle-gpus")) {
        Thread.sleep(2300);
        id = run.id();
      }
      Map<String, ?> metrics = lineage.metrics(id);
      assertTrue(metrics.containsKey("lineage.sys.heap_used_bytes"), metrics.keySet().toString());
      assertTrue(metrics.containsKey("lineage.gpu.0.utilization_pct"));
      assertTrue(metrics.containsKey("lineage.gpu.1.temperature_c"));
      assertFalse(metrics.containsKey("lineage.gpu.0.power_watts"), "an unreported field is skipped");
      assertTrue(lineage.metric(id, "lineage.gpu.0.utilization_pct").size() >= 2);

      RunRecord record = lineage.runRecord(id);
      List<GpuSummary> gpus = record.gpus();
      assertEquals(2, gpus.size());
      assertEquals(2.0, gpus.get(0).meanUtilization());
      assertEquals(4.0, gpus.get(1).p50Utilization());
      assertEquals(gpus.get(0).hoursHeld(), gpus.get(0).hoursIdle(), 1e-9, "below 10% all the time");
      assertTrue(gpus.get(0).hoursHeld() > 2.0 / 3600 && gpus.get(0).hoursHeld() < 10.0 / 3600);
      assertTrue(record.gpuWasted());
      assertTrue(record.tags().isEmpty(), "Lineage's own facts are typed, never tags: " + record.tags());
      assertEquals(List.of(id), lineage.runs(RunQuery.all().gpuWasted()).stream().map(RunRecord::id).toList(),
          "which runs wasted GPUs: one query");
    }
  }

  @Test
  void aBusyRunIsNotTaggedWasted() throws Exception {
    try (Lineage lineage = lineage(fixed(95, 60))) {
      RunId id;
      try (Run run = lineage.newRun("busy")) {
        Thread.sleep(1200);
        id = run.id();
      }
      RunRecord record = lineage.runRecord(id);
      assertEquals(2, record.gpus().size());
      assertEquals(0.0, record.gpus().get(0).hoursIdle());
      assertFalse(record.gpuWasted());
    }
  }

  @Test
  void withoutNvidiaSmiThereAreNoGpuMetricsAndNothingElseChanges() throws Exception {
    NvidiaSmiProbe absent = new NvidiaSmiProbe(dir.toString(), Duration.ofSeconds(1));
    try (Lineage lineage = lineage(absent)) {
      RunId id;
      try (Run run = lineage.newRun("cpu-only")) {
        run.logMetric("loss", 0.5, 0);
        Thread.sleep(1200);
        id = run.id();
      }
      assertTrue(lineage.metrics(id).keySet().stream().noneMatch(k -> k.startsWith("lineage.gpu.")));
      assertTrue(lineage.metrics(id).containsKey("lineage.sys.heap_committed_bytes"));
      assertEquals(1, lineage.metric(id, "loss").size());
      assertTrue(lineage.runRecord(id).gpus().isEmpty());
    }
  }

  @Test
  void aHangingProbeNeitherBlocksTrainingNorOutlivesTheRun() throws Exception {
    NvidiaSmiProbe hanging = new NvidiaSmiProbe(FakeNvidiaSmi.install(dir, "hang", "exec sleep 60"),
        Duration.ofMillis(800));
    try (Lineage lineage = lineage(hanging)) {
      RunId id;
      try (Run run = lineage.newRun("training")) {
        long start = System.nanoTime();
        for (int step = 0; step < 200_000; step++) {
          run.logMetric("loss", 1.0 / (step + 1), step);
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "logging was not held up by the probe");
        Thread.sleep(1500);
        id = run.id();
      }
      assertEquals(200_000, lineage.metric(id, "loss").size());
      assertTrue(lineage.metrics(id).containsKey("lineage.sys.heap_used_bytes"), "CPU metrics still flow");
    }
    Thread.sleep(300);
    assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("sleep")),
        "no probe process outlives the Lineage");
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("lineage-sampler")
        && t.isAlive()), "the sampler thread is stopped");
  }

  @Test
  void userCodeCannotLogUnderTheReservedPrefixAndTheIntervalHasAFloor() {
    try (Lineage lineage = lineage(fixed(50, 50)); Run run = lineage.newRun("strict")) {
      assertEquals("metric key", assertThrows(InvalidInputException.class,
          () -> run.logMetric("lineage.gpu.0.utilization_pct", 100)).field());
    }
    assertThrows(InvalidInputException.class,
        () -> Lineage.builder().systemMetricsInterval(Duration.ofMillis(500)));
  }
}
