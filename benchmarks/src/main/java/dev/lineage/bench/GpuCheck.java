package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.GpuSummary;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * On a machine with a GPU: the system sampler with the real {@code nvidia-smi}, through the public API. Two runs of
 * a training-shaped loop that reports its input wait, sampled every second: one while the GPU sits idle and the
 * loop waits for its data most of the time (GPU wasted and data-bound), one while a CUDA program keeps the GPU busy
 * (given as the argument: a command that runs for about the given seconds). Checks each verdict and prints the
 * summaries. Not a benchmark: {@code java -jar benchmarks.jar gpucheck DIR [busy-command]}.
 */
final class GpuCheck {
  private GpuCheck() {}

  static void run(Path dir, String busyCommand) throws Exception {
    try (Lineage lineage = Lineage.builder().store(dir.resolve("gpu-store").toString()).cacheDir(dir.resolve("gc"))
        .workDir(dir.resolve("gw")).tempDir(dir).systemMetricsInterval(Duration.ofSeconds(1)).build()) {
      RunId idle = loop(lineage, "idle-gpu", 80, 20, null);
      RunRecord r = lineage.runRecord(idle);
      print(lineage, r);
      check(!r.gpus().isEmpty(), "the real nvidia-smi was read: " + r.gpus());
      check(r.gpuWasted(), "an idle GPU is wasted");
      check(r.dataBound(), "a loop waiting 80% of the time is data-bound");
      if (busyCommand != null) {
        RunId busy = loop(lineage, "busy-gpu", 10, 90, busyCommand);
        RunRecord b = lineage.runRecord(busy);
        print(lineage, b);
        check(b.gpus().stream().mapToDouble(GpuSummary::maxUtilization).max().orElse(0) > 50,
            "a busy GPU was seen busy: " + b.gpus());
        check(!b.gpuWasted() && !b.dataBound(), "a busy, compute-bound run is neither wasted nor data-bound");
      }
      List<RunRecord> starved = lineage.runs(RunQuery.all().gpuWasted().dataBound());
      check(starved.size() == 1 && starved.get(0).id().equals(idle), "the search finds the starved run alone");
      System.out.println("gpucheck: ok");
    }
  }

  /** About eight seconds of iterations that wait {@code waitMs} for data and compute {@code computeMs}. */
  private static RunId loop(Lineage lineage, String name, long waitMs, long computeMs, String busyCommand)
      throws Exception {
    Process busy = busyCommand == null ? null : new ProcessBuilder("sh", "-c", busyCommand).inheritIO().start();
    try (Run run = lineage.newRun(name)) {
      long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      for (int i = 0; System.nanoTime() < end; i++) {
        Thread.sleep(waitMs);
        long t = System.nanoTime();
        while (System.nanoTime() - t < computeMs * 1_000_000L) {
          Thread.onSpinWait();
        }
        run.logInputWait(waitMs * 1_000_000L, computeMs * 1_000_000L);
        run.logMetric("loss", 1.0 / (i + 1), i);
      }
      run.succeed();
      return run.id();
    } finally {
      if (busy != null) {
        busy.waitFor();
      }
    }
  }

  private static void print(Lineage lineage, RunRecord r) {
    System.out.printf(Locale.ROOT, "run %s: gpuWasted=%s dataBound=%s inputWait=%s%n", r.name(), r.gpuWasted(),
        r.dataBound(), r.inputWait().orElse(null));
    for (GpuSummary g : r.gpus()) {
      System.out.printf(Locale.ROOT, "  GPU %d %s: mean %.1f%%, p50 %.1f%%, max %.1f%%, %.5f GPU-h held, %.5f idle%n",
          g.index(), g.uuid(), g.meanUtilization(), g.p50Utilization(), g.maxUtilization(), g.hoursHeld(),
          g.hoursIdle());
    }
    r.metrics().keySet().stream().filter(k -> k.startsWith("lineage.gpu.0.")).sorted().forEach(k ->
        System.out.printf(Locale.ROOT, "  %s: %d samples, last %s%n", k, r.metrics().get(k).count(),
            r.metrics().get(k).lastValue()));
  }
}
