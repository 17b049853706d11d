package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A run's fixed costs on an existing store of {@code runs} runs (each with 10 params and 100 points, the index
 * published, verified before anything is measured): {@code Lineage} open, {@code newRun}, the run's close until
 * durable and the Lineage's close, each on its own, in fresh JVMs ({@link FixedCostFork}) and warm in the same JVM.
 * The same-run baselines, alternating with them: a fresh JVM reaching {@code main}, and a small file written and
 * forced to disk.
 */
final class FixedCostBenchmark {
  private static final int WARM = 30;

  private FixedCostBenchmark() {}

  static void run(Path dir, int runs, int repetitions) throws Exception {
    Path store = dir.resolve("fixed-cost-store");
    Path cache = Files.createDirectories(dir.resolve("fixed-cost-cache"));
    if (!Files.isDirectory(store)) {
      try (Lineage lineage = Lineage.builder().store(store.toString()).systemMetrics(false).cacheDir(cache)
          .tempDir(dir).build()) {
        for (int r = 0; r < runs; r++) {
          try (Run run = lineage.newRun("existing")) {
            for (int p = 0; p < 10; p++) {
              run.logParam("p" + p, (long) (r * 10 + p));
            }
            for (int s = 0; s < 100; s++) {
              run.logMetric("loss", 1.0 / (s + 1), s);
            }
            run.succeed();
          }
        }
        check(lineage.publishIndex().isPresent(), "the index is published");
      }
    }
    try (Lineage lineage = Lineage.builder().store(store.toString()).readOnly(true).build()) {
      var report = lineage.maintenance().verify();
      check(report.ok(), "the store passes verify: " + report.problems().stream().limit(5).toList());
    }
    String classpath = System.getProperty("java.class.path");
    fork(classpath, store, dir, cache, false); // the hash cache filled, the page cache warm: a user's second run
    double[][] lineage = new double[9][repetitions];
    double[][] floors = new double[3][repetitions];
    for (int r = 0; r < repetitions; r++) {
      double[] b = fork(classpath, store, dir, cache, true);
      double[] l = fork(classpath, store, dir, cache, false);
      for (int m = 0; m < 3; m++) {
        floors[m][r] = b[m];
      }
      for (int m = 0; m < 9; m++) {
        lineage[m][r] = l[m];
      }
    }
    System.out.printf(Locale.ROOT, "a run's fixed costs on a store of %,d runs, %d fresh JVMs each, alternating with "
        + "the baselines (ms, medians):%n", runs, repetitions);
    String[] names = {"open", "newRun", "run close until durable", "Lineage close"};
    System.out.printf(Locale.ROOT, "  JVM start to main          : %,.0f [%s]; a bare JVM's %,.0f [%s]%n",
        Stats.median(lineage[0]), Stats.list(lineage[0], "%,.0f"), Stats.median(floors[0]),
        Stats.list(floors[0], "%,.0f"));
    for (int m = 0; m < 4; m++) {
      System.out.printf(Locale.ROOT, "  %-27s: fresh JVM %,.1f [%s]; warm %,.2f%n", names[m],
          Stats.median(lineage[1 + m]), Stats.list(lineage[1 + m], "%,.1f"), Stats.median(lineage[5 + m]));
    }
    double[] warmTotal = new double[repetitions];
    double[] freshTotal = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      warmTotal[r] = lineage[5][r] + lineage[6][r] + lineage[7][r];
      freshTotal[r] = lineage[1][r] + lineage[2][r] + lineage[3][r];
    }
    System.out.printf(Locale.ROOT, "  open + newRun + run close  : fresh JVM %,.1f; warm %,.2f (target <= 50)%n",
        Stats.median(freshTotal), Stats.median(warmTotal));
    System.out.printf(Locale.ROOT, "  floor: 512 bytes written and forced, first in a JVM %,.2f, again %,.2f; warm "
        + "open + newRun + close / floor %.1fx%n", Stats.median(floors[1]), Stats.median(floors[2]),
        Stats.median(warmTotal) / Stats.median(floors[2]));
  }

  private static double[] fork(String classpath, Path store, Path dir, Path cache, boolean baseline) throws Exception {
    return Forks.figures("1g", classpath, FixedCostFork.class.getName(), baseline ? 3 : 9, store.toString(),
        dir.toString(), Integer.toString(WARM), cache.toString(), baseline ? "baseline" : "lineage");
  }
}
