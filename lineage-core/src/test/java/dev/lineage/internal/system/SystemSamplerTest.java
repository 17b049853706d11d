package dev.lineage.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.GpuSummary;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.ManualClock;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.internal.run.DefaultRun;
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

/**
 * The sampler over real runs. Its samples are taken by the test ({@link SystemSampler#sampleNow}) on a clock the
 * test moves, so what a run records does not depend on how the machine schedules a thread; the hanging-probe test
 * runs the real sampler thread, and waits for what it does, not for a time.
 */
class SystemSamplerTest {
  @TempDir Path dir;

  /** Ticks only when the test calls {@code sampleNow}. */
  private static final SystemSampler.Ticks BY_HAND = new SystemSampler.Ticks() {
    @Override
    public void every(Duration interval, Runnable tick) {}

    @Override
    public void close() {}
  };

  private final ManualClock clock = ManualClock.still();

  /** A Lineage whose own sampler is off: the test's sampler, ticked by hand, samples its runs. */
  private Lineage lineage() {
    return Lineage.builder().store("mem:").tempDir(dir).cacheDir(dir.resolve("c")).workDir(dir.resolve("w"))
        .clock(clock).systemMetrics(false).build();
  }

  private SystemSampler sampler(GpuProbe probe) {
    return new SystemSampler(probe, Duration.ofSeconds(1), 10.0, clock, null, BY_HAND);
  }

  /** Starts {@code run} under {@code sampler}, then takes {@code samples} samples a second apart. */
  private void sample(SystemSampler sampler, Run run, int samples) {
    sampler.start((DefaultRun) run);
    for (int i = 0; i < samples; i++) {
      if (i > 0) {
        clock.advance(Duration.ofSeconds(1));
      }
      sampler.sampleNow();
    }
    clock.advance(Duration.ofMillis(500));
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
  void anIdleRunRecordsGpuMetricsASummaryAndTheWastedTag() {
    try (Lineage lineage = lineage(); SystemSampler sampler = sampler(fixed(2, 4))) {
      RunId id;
      try (Run run = lineage.newRun("idle-gpus")) {
        sample(sampler, run, 3);
        id = run.id();
      }
      Map<String, ?> metrics = lineage.metrics(id);
      assertTrue(metrics.containsKey("lineage.sys.heap_used_bytes"), metrics.keySet().toString());
      assertTrue(metrics.containsKey("lineage.gpu.0.utilization_pct"));
      assertTrue(metrics.containsKey("lineage.gpu.1.temperature_c"));
      assertFalse(metrics.containsKey("lineage.gpu.0.power_watts"), "an unreported field is skipped");
      assertEquals(3, lineage.metric(id, "lineage.gpu.0.utilization_pct").size(), "one point a sample");

      RunRecord record = lineage.runRecord(id);
      List<GpuSummary> gpus = record.gpus();
      assertEquals(2, gpus.size());
      assertEquals(2.0, gpus.get(0).meanUtilization());
      assertEquals(4.0, gpus.get(1).p50Utilization());
      assertEquals(2.5 / 3600, gpus.get(0).hoursHeld(), 1e-12, "held from the run's start to its end");
      assertEquals(gpus.get(0).hoursHeld(), gpus.get(0).hoursIdle(), 1e-12, "below 10% all the time");
      assertTrue(record.gpuWasted());
      assertTrue(record.tags().isEmpty(), "Lineage's own facts are typed, never tags: " + record.tags());
      assertEquals(List.of(id), lineage.runs(RunQuery.all().gpuWasted()).stream().map(RunRecord::id).toList(),
          "which runs wasted GPUs: one query");
    }
  }

  /**
   * A machine without GPUs is said once a process, not once a Lineage: a test suite or a service that opens a
   * Lineage per job would otherwise print the same INFO line each time.
   */
  @Test
  void aMissingGpuIsSaidOnceAProcess() {
    String name = "absent-probe-" + System.nanoTime(); // a name no other test's sampler has said
    GpuProbe absent = new GpuProbe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean available() {
        return false;
      }

      @Override
      public List<GpuReading> read() {
        return List.of();
      }

      @Override
      public void close() {}
    };
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(SystemSampler.class.getName());
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        if (r.getMessage().contains(name)) {
          said.add(r.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(handler);
    try (Lineage lineage = lineage()) {
      for (int i = 0; i < 3; i++) {
        try (SystemSampler sampler = sampler(absent); Run run = lineage.newRun("no-gpu-" + i)) {
          sampler.start((DefaultRun) run);
        }
      }
    } finally {
      jul.removeHandler(handler);
    }
    assertEquals(List.of("no GPU metrics: " + name + " is not available on this machine"), said);
  }

  @Test
  void aBusyRunIsNotTaggedWasted() {
    try (Lineage lineage = lineage(); SystemSampler sampler = sampler(fixed(95, 60))) {
      RunId id;
      try (Run run = lineage.newRun("busy")) {
        sample(sampler, run, 2);
        id = run.id();
      }
      RunRecord record = lineage.runRecord(id);
      assertEquals(2, record.gpus().size());
      assertEquals(0.0, record.gpus().get(0).hoursIdle());
      assertFalse(record.gpuWasted());
    }
  }

  @Test
  void withoutNvidiaSmiThereAreNoGpuMetricsAndNothingElseChanges() {
    NvidiaSmiProbe absent = new NvidiaSmiProbe(dir.toString(), Duration.ofSeconds(1));
    try (Lineage lineage = lineage(); SystemSampler sampler = sampler(absent)) {
      RunId id;
      try (Run run = lineage.newRun("cpu-only")) {
        run.logMetric("loss", 0.5, 0);
        sample(sampler, run, 2);
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
    try (Lineage lineage = Lineage.builder().store("mem:").tempDir(dir).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("w")).systemMetricsInterval(Duration.ofSeconds(1)).gpuProbe(hanging).build()) {
      RunId id;
      try (Run run = lineage.newRun("training")) {
        long start = System.nanoTime();
        for (int step = 0; step < 200_000; step++) {
          run.logMetric("loss", 1.0 / (step + 1), step);
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "logging was not held up by the probe");
        awaitTrue(SystemSamplerTest::aProbeProcessIsRunning, "the sampler thread called the hanging probe");
        id = run.id();
      }
      assertEquals(200_000, lineage.metric(id, "loss").size());
      assertTrue(lineage.metrics(id).containsKey("lineage.sys.heap_used_bytes"), "CPU metrics still flow");
    }
    awaitTrue(() -> !aProbeProcessIsRunning(), "no probe process outlives the Lineage");
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("lineage-sampler")
        && t.isAlive()), "the sampler thread is stopped");
  }

  private static boolean aProbeProcessIsRunning() {
    return ProcessHandle.current().descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep"));
  }

  /**
   * Waits for something another thread or process does, which sends no signal this test could wait on; fails,
   * naming it, if it never happens.
   */
  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "never happened: " + what);
      Thread.sleep(20); // polling a process table: no event to wait on
    }
  }

  @Test
  void userCodeCannotLogUnderTheReservedPrefixAndTheIntervalHasAFloor() {
    try (Lineage lineage = lineage(); Run run = lineage.newRun("strict")) {
      assertEquals("metric key", assertThrows(InvalidInputException.class,
          () -> run.logMetric("lineage.gpu.0.utilization_pct", 100)).field());
    }
    assertThrows(InvalidInputException.class,
        () -> Lineage.builder().systemMetricsInterval(Duration.ofMillis(500)));
  }
}
