package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.Lineage;
import dev.lineage.maintenance.SealReport;
import dev.lineage.maintenance.SigningKeys;
import dev.lineage.storage.fs.FileSystemBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * What chains and signed checkpoints cost (issue "A history no one can quietly rewrite"), each against the build
 * before them or against a listing, measured in the same call:
 * <ul>
 *   <li>a run's fixed cost (newRun, 10 params, 100 points, close until durable) and the logging of a run with
 *       100 flushed batches of params and 5,000,000 points: fresh JVMs of this build and of the earlier one
 *       ({@code -Daudit.baseline.jar=} its benchmarks jar) in turn, medians compared;</li>
 *   <li>{@code lineage verify} of the 100,000-run store, whole processes of this build's command line and the
 *       earlier one's ({@code -Daudit.baseline.cli.jar=}, {@code -Daudit.baseline.cli.bin=}) in turn;</li>
 *   <li>{@code seal} of that store: the first (every head read) and a later one (nothing new), against one
 *       listing of the store through the same backend, in turn in this JVM.</li>
 * </ul>
 * {@code -Daudit.parts=seal} (a comma list of lifecycle, verify, seal) measures some of them.
 */
final class AuditBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditBenchmark() {}

  static void run(Path dir, int repetitions) throws Exception {
    java.util.Set<String> parts = java.util.Set.of(System.getProperty("audit.parts", "lifecycle,verify,seal")
        .split(","));
    if (parts.contains("lifecycle")) {
      lifecycle(dir, Path.of(required("audit.baseline.jar")).toAbsolutePath(), repetitions);
    }
    Path store = QueryBenchmark.store(dir, 5000, 20);
    deleteCheckpoints(store); // a checkpoint left by an earlier call would be a stray to the earlier build
    if (parts.contains("verify")) {
      verify(store, repetitions);
    }
    if (parts.contains("seal")) {
      seal(store, repetitions);
    }
    deleteCheckpoints(store);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    check(value != null, "-D" + property + "= is given (the earlier build to compare with)");
    return value;
  }

  private static void lifecycle(Path dir, Path baselineJar, int repetitions) throws Exception {
    Path ownJar = Path.of(AuditBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    int runs = Integer.getInteger("audit.lifecycle.runs", 2000); // 0: the logging run alone
    double[][] own = new double[3][repetitions];
    double[][] before = new double[3][repetitions];
    for (int r = 0; r < repetitions; r++) {
      fork(ownJar.toString(), dir, runs, own, r);
      fork(baselineJar + java.io.File.pathSeparator + ownJar, dir, runs, before, r);
    }
    System.out.printf(Locale.ROOT, "run lifecycle, %d runs after 300 warm-up, fresh JVMs, %d each, alternating:%n",
        runs, repetitions);
    String[] names = {"newRun..durable close, median us", "newRun..durable close, p90 us",
        "100 batches + 5M points, close, s"};
    for (int m = 0; m < 3; m++) {
      String f = m == 2 ? "%,.3f" : "%,.0f";
      double[] pairs = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        pairs[r] = own[m][r] / before[m][r];
      }
      System.out.printf(Locale.ROOT, "  %-34s: this build " + f + " [%s]; before " + f + " [%s]; ratio %.3fx, "
          + "pairwise median %.3fx (target <= 1.03x)%n", names[m], Stats.median(own[m]), Stats.list(own[m], f),
          Stats.median(before[m]), Stats.list(before[m], f), Stats.median(own[m]) / Stats.median(before[m]),
          Stats.median(pairs));
    }
  }

  private static void fork(String classpath, Path dir, int runs, double[][] into, int r) throws Exception {
    double[] figures = Forks.figures("1g", classpath, LifecycleFork.class.getName(), 3, dir.toString(),
        Integer.toString(runs));
    for (int m = 0; m < 3; m++) {
      into[m][r] = figures[m];
    }
  }

  private static void verify(Path store, int repetitions) throws Exception {
    CliBenchmark.Cli own = new CliBenchmark.Cli(
        Path.of(System.getProperty("cli.bin", "lineage-cli/bin/lineage")).toAbsolutePath(),
        Path.of(System.getProperty("cli.jar", "lineage-cli/target/lineage.jar")).toAbsolutePath());
    CliBenchmark.Cli before = new CliBenchmark.Cli(Path.of(required("audit.baseline.cli.bin")).toAbsolutePath(),
        Path.of(required("audit.baseline.cli.jar")).toAbsolutePath());
    JsonNode first = JSON.readTree(own.run("verify", store, "--json")); // warms the page cache; must be clean
    check(first.get("ok").asBoolean(), "the store verifies");
    check(first.get("unchained").asLong() == 0, "the store is written with chains");
    before.run("verify", store, "--json");
    double[] ownSeconds = new double[repetitions];
    double[] beforeSeconds = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      check(JSON.readTree(own.run("verify", store, "--json")).get("ok").asBoolean(), "clean");
      ownSeconds[r] = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      check(JSON.readTree(before.run("verify", store, "--json")).get("ok").asBoolean(), "clean");
      beforeSeconds[r] = (System.nanoTime() - start) / 1e9;
    }
    System.out.printf(Locale.ROOT, "lineage verify of the 100,000-run store (%,d objects), whole process, %d each, "
        + "alternating:%n  this build (chain checks) %,.2f s [%s]; before %,.2f s [%s]; ratio %.3fx (target <= 1.10x)%n",
        first.get("objects").asLong(), repetitions, Stats.median(ownSeconds), Stats.list(ownSeconds, "%,.2f"),
        Stats.median(beforeSeconds), Stats.list(beforeSeconds, "%,.2f"),
        Stats.median(ownSeconds) / Stats.median(beforeSeconds));
  }

  private static void seal(Path store, int repetitions) throws Exception {
    KeyPair key = SigningKeys.generate();
    double[] firstSeal = new double[Math.min(3, repetitions)];
    double[] laterSeal = new double[repetitions];
    double[] listing = new double[repetitions];
    long heads = 0;
    long read = 0;
    try (Lineage lineage = Lineage.builder().store(store.toString()).systemMetrics(false).build()) {
      for (int r = 0; r < firstSeal.length; r++) {
        deleteCheckpoints(store);
        long start = System.nanoTime();
        SealReport report = lineage.maintenance().seal(key.getPrivate());
        firstSeal[r] = (System.nanoTime() - start) / 1e9;
        check(report.problems().isEmpty(), "every head sealed");
        heads = report.checkpoint().heads();
        read = report.read();
      }
      long later = 0;
      for (int r = 0; r < repetitions; r++) {
        long start = System.nanoTime();
        long objects = list(store);
        listing[r] = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        SealReport report = lineage.maintenance().seal(key.getPrivate());
        laterSeal[r] = (System.nanoTime() - start) / 1e9;
        later = report.read();
        check(objects > 300_000, "the listing saw the store");
      }
      check(lineage.maintenance().verify(key.getPublic(), null).ok(), "the sealed store verifies with the key");
      System.out.printf(Locale.ROOT, "lineage seal of the 100,000-run store, in this JVM:%n"
          + "  first seal (%,d heads, %,d documents read)  : median %,.2f s [%s]%n"
          + "  later seal (%,d read), in turn with a listing: median %,.2f s [%s]%n"
          + "  one listing of the store (FileSystemBackend)  : median %,.2f s [%s]%n"
          + "  ratio later seal / listing: %.2fx (target <= 1x); first seal / listing: %.2fx%n",
          heads, read, Stats.median(firstSeal), Stats.list(firstSeal, "%,.2f"), later, Stats.median(laterSeal),
          Stats.list(laterSeal, "%,.2f"), Stats.median(listing), Stats.list(listing, "%,.2f"),
          Stats.median(laterSeal) / Stats.median(listing), Stats.median(firstSeal) / Stats.median(listing));
    }
  }

  private static long list(Path store) {
    LongAdder objects = new LongAdder();
    try (FileSystemBackend backend = FileSystemBackend.open(store)) {
      backend.listPages("", null, page -> objects.add(page.size()));
    }
    return objects.sum();
  }

  private static void deleteCheckpoints(Path store) throws Exception {
    Path checkpoints = store.resolve("checkpoints");
    if (Files.exists(checkpoints)) {
      try (Stream<Path> walk = Files.walk(checkpoints)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
