package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * One fresh JVM's measurement of a run's fixed costs and its logging, through the public API alone, so that the
 * same class measures this build and an earlier one ({@code -cp earlier.jar:this.jar} loads the earlier Lineage).
 * Prints one line: the median and 90th percentile of newRun-to-durable-close in microseconds, and the seconds
 * one run took to log 100,000 params in 100 flushed batches and 5,000,000 points and close until durable.
 */
public final class LifecycleFork {
  private static final int WARMUP = 300;

  private LifecycleFork() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory(Path.of(args[0]), "lifecycle");
    int runs = Integer.parseInt(args[1]);
    long[] micros = new long[runs];
    double logging;
    try (Lineage lineage = Lineage.builder().store(dir.resolve("store").toString()).systemMetrics(false)
        .cacheDir(dir.resolve("cache")).workDir(dir.resolve("work")).tempDir(dir).build()) {
      for (int i = 0; runs > 0 && i < WARMUP + runs; i++) {
        long start = System.nanoTime();
        try (Run run = lineage.newRun("lifecycle")) {
          for (int p = 0; p < 10; p++) {
            run.logParam("p" + p, (long) p);
          }
          for (int s = 0; s < 100; s++) {
            run.logMetric("loss", 1.0 / (s + 1), s);
          }
          run.succeed();
        }
        if (i >= WARMUP) {
          micros[i - WARMUP] = (System.nanoTime() - start) / 1000;
        }
      }
      long start = System.nanoTime();
      try (Run run = lineage.newRun("logging")) {
        for (int batch = 0; batch < 100; batch++) {
          for (int p = 0; p < 1000; p++) {
            run.logParam("b" + batch + "p" + p, (long) p);
          }
          run.flush();
        }
        for (int s = 0; s < 5_000_000; s++) {
          run.logMetric("loss", 1.0 / (s + 1), s);
        }
        run.succeed();
      }
      logging = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(micros);
    System.out.printf(Locale.ROOT, "%d %d %.4f%n", runs == 0 ? 0 : micros[runs / 2], runs == 0 ? 0
        : micros[runs * 9 / 10], logging);
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
