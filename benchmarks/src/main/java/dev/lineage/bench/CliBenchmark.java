package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The command line as a user meets it: whole processes started by {@code bin/lineage} (so with its JVM flags and
 * its class-data-sharing archive, made by a first run before the measured ones):
 * <ul>
 *   <li>{@code lineage runs} over the 100,000-run store of {@link QueryBenchmark}, cold (JVM start, store open,
 *       index read, first answer), against the same answer from the Java API in a JVM that is already running;
 *       and filtered by name, param, metric and sorted by a metric, against the same from the jar named by
 *       {@code -Dcli.baseline.jar=} (an earlier build) started by {@code -Dcli.baseline.bin=} (that build's
 *       launcher; this one's if not given), run in turn;</li>
 *   <li>{@code lineage verify} over a store of 1 GiB of blobs, the same plus 500 small runs, and the 100,000-run
 *       store (310,020 small objects), as time and bytes per second, against {@code openssl dgst -sha256} over
 *       exactly the store's files (listed beforehand, which verify must do itself), page cache warm for both.</li>
 * </ul>
 */
final class CliBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CliBenchmark() {}

  static void run(Path dir, int repetitions) throws Exception {
    Path launcher = Path.of(System.getProperty("cli.bin", "lineage-cli/bin/lineage")).toAbsolutePath();
    Path jar = Path.of(System.getProperty("cli.jar", "lineage-cli/target/lineage.jar")).toAbsolutePath();
    check(Files.isRegularFile(jar), "the CLI jar " + jar + " exists (mvn package -pl lineage-cli -am, or -Dcli.jar=)");
    check(Files.isExecutable(launcher), "the launcher " + launcher + " exists (or -Dcli.bin=)");
    // The earlier build as it shipped: its jar, and its own launcher (the JVM flags are part of the command's time)
    // where -Dcli.baseline.bin= names it.
    Path baselineLauncher = Path.of(System.getProperty("cli.baseline.bin", launcher.toString())).toAbsolutePath();
    Optional<Cli> baseline = Optional.ofNullable(System.getProperty("cli.baseline.jar"))
        .map(b -> new Cli(baselineLauncher, Path.of(b).toAbsolutePath()));
    runs(dir, new Cli(launcher, jar), baseline, repetitions);
    if (!Boolean.parseBoolean(System.getProperty("cli.verify", "true"))) {
      return; // -Dcli.verify=false: the listings alone
    }
    verify(dir, "verify-store-blobs", 0, new Cli(launcher, jar), repetitions);
    verify(dir, "verify-store", 500, new Cli(launcher, jar), repetitions);
    verify(QueryBenchmark.store(dir, 5000, 20), "the 100,000-run store", new Cli(launcher, jar),
        Math.min(repetitions, 3), 0, CliBenchmark::clean);
  }

  /** A generated store's verify report is clean. */
  private static void clean(JsonNode report) {
    check(report.get("ok").asBoolean(), "the store verifies");
  }

  /** {@code bin/lineage} running a given jar. */
  record Cli(Path launcher, Path jar) {
    /** Runs a command and returns its standard output; a non-zero exit stops the benchmark. */
    byte[] run(String command, Path store, String... args) throws Exception {
      return run(0, command, store, args);
    }

    /** Runs a command and returns its standard output; an exit status other than {@code exit} stops the benchmark. */
    byte[] run(int exit, String command, Path store, String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(launcher.toString(), command, "--store", store.toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("LINEAGE_JAR", jar.toString());
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      check(p.waitFor() == exit, "lineage " + command + " exited " + exit);
      return out;
    }
  }

  /**
   * The filtered listings measured: a condition on the runs table, on params, on metrics, a metric order, and a
   * param and a metric together.
   */
  private static final List<List<String>> FILTERS = List.of(List.of("--name", "step-19"),
      List.of("--param", "lr=0.01"), List.of("--metric", "accuracy>0.9"), List.of("--sort", "-accuracy"),
      List.of("--param", "lr=0.01", "--metric", "accuracy>0.9"));

  private static void runs(Path dir, Cli cli, Optional<Cli> baseline, int repetitions) throws Exception {
    Path store = QueryBenchmark.store(dir, 5000, 20);
    double[] plain = new double[repetitions];
    double[] api = new double[repetitions];
    double[][] filtered = new double[FILTERS.size()][repetitions];
    double[][] before = new double[FILTERS.size()][repetitions];
    cli.run("runs", store, "--limit", "20", "--json"); // the archive made, the page cache warm for all
    if (baseline.isPresent()) {
      baseline.get().run("runs", store, "--limit", "20", "--json");
    }
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      JsonNode listed = JSON.readTree(cli.run("runs", store, "--limit", "20", "--json"));
      plain[r] = (System.nanoTime() - start) / 1e6;
      check(listed.size() == 20, "lineage runs listed 20 runs");

      for (int f = 0; f < FILTERS.size(); f++) {
        String[] args = Stream.concat(Stream.of("--limit", "20", "--json"), FILTERS.get(f).stream())
            .toArray(String[]::new);
        start = System.nanoTime();
        JsonNode found = JSON.readTree(cli.run("runs", store, args));
        filtered[f][r] = (System.nanoTime() - start) / 1e6;
        check(found.size() == 20, "lineage runs " + FILTERS.get(f) + " listed 20 runs");
        if (baseline.isPresent()) {
          start = System.nanoTime();
          JsonNode old = JSON.readTree(baseline.get().run("runs", store, args));
          before[f][r] = (System.nanoTime() - start) / 1e6;
          check(old.equals(found), "the baseline jar answers " + FILTERS.get(f) + " the same");
        }
      }

      start = System.nanoTime();
      try (Lineage lineage = Lineage.builder().store(store.toString()).createStore(false).autoIndex(0)
          .systemMetrics(false).build()) {
        List<RunRecord> found = lineage.runs(RunQuery.all().limit(20));
        check(found.size() == 20, "the API listed 20 runs");
        check(found.get(0).id().value().equals(listed.get(0).get("id").asText()), "both list the newest run first");
      }
      api[r] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf(Locale.ROOT, "lineage runs over the 100,000-run store (ms, %d runs each, alternating):%n",
        repetitions);
    System.out.printf(Locale.ROOT, "  lineage runs, cold process             : median %,.0f  [%s]  (target <= 1,000)%n",
        Stats.median(plain), Stats.list(plain, "%,.0f"));
    System.out.printf(Locale.ROOT, "  Java API in a running JVM (open+query) : median %,.0f  [%s]%n",
        Stats.median(api), Stats.list(api, "%,.0f"));
    System.out.printf(Locale.ROOT, "  ratio lineage runs / API               : %.2fx%n",
        Stats.median(plain) / Stats.median(api));
    for (int f = 0; f < FILTERS.size(); f++) {
      String name = String.format(Locale.ROOT, "%-38s", "lineage runs " + String.join(" ", FILTERS.get(f)));
      System.out.printf(Locale.ROOT, "  %s : median %,.0f  [%s]%n", name, Stats.median(filtered[f]),
          Stats.list(filtered[f], "%,.0f"));
      if (baseline.isPresent()) {
        System.out.printf(Locale.ROOT, "  %-38s : median %,.0f  [%s]  ratio baseline/this %.2fx%n",
            "  the same, baseline jar", Stats.median(before[f]), Stats.list(before[f], "%,.0f"),
            Stats.median(before[f]) / Stats.median(filtered[f]));
      }
    }
  }

  private static void verify(Path dir, String name, int smallRuns, Cli cli, int repetitions) throws Exception {
    Path store = dir.resolve(name);
    if (!Files.exists(dir.resolve(name + ".generated"))) {
      IngestBenchmark.delete(store);
      generateVerifyStore(dir, store, smallRuns);
      Files.writeString(dir.resolve(name + ".generated"), "ok");
    }
    verify(store, name, cli, repetitions, 0, CliBenchmark::clean);
  }

  /** Verify's report must pass {@code expected}, its exit status be {@code exit} (3: it found problems). */
  private static void verify(Path store, String name, Cli cli, int repetitions, int exit, Consumer<JsonNode> expected)
      throws Exception {
    List<Path> files;
    try (Stream<Path> all = Files.walk(store)) {
      files = all.filter(Files::isRegularFile).sorted().toList();
    }
    long fileBytes = 0;
    for (Path f : files) {
      fileBytes += Files.size(f);
    }
    double[] lineage = new double[repetitions];
    double[] openssl = new double[repetitions];
    double[] inJvm = new double[repetitions];
    double[] lineageSeconds = new double[repetitions];
    double[] opensslSeconds = new double[repetitions];
    long verified = JSON.readTree(cli.run(exit, "verify", store, "--json")).get("bytes").asLong(); // warm up both
    openssl(files);
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      JsonNode report = JSON.readTree(cli.run(exit, "verify", store, "--json"));
      lineageSeconds[r] = (System.nanoTime() - start) / 1e9;
      lineage[r] = report.get("bytes").asLong() / lineageSeconds[r] / (1 << 20);
      inJvm[r] = report.get("bytes").asLong() / (report.get("tookMillis").asLong() / 1e3) / (1 << 20);
      check(report.get("objects").asLong() == files.size(), "verify read every file of the store");
      expected.accept(report);
      start = System.nanoTime();
      openssl(files);
      opensslSeconds[r] = (System.nanoTime() - start) / 1e9;
      openssl[r] = fileBytes / opensslSeconds[r] / (1 << 20);
    }
    System.out.printf(Locale.ROOT, "lineage verify over %s: %,d objects, %,d MiB read (the store's files: %,d, %,d "
        + "MiB); %d runs each, alternating:%n", name, files.size(), verified >> 20, files.size(), fileBytes >> 20,
        repetitions);
    System.out.printf(Locale.ROOT, "  lineage verify, whole process, s       : median %,.2f  [%s]%n",
        Stats.median(lineageSeconds), Stats.list(lineageSeconds, "%,.2f"));
    System.out.printf(Locale.ROOT, "  openssl dgst -sha256 over the files, s : median %,.2f  [%s]%n",
        Stats.median(opensslSeconds), Stats.list(opensslSeconds, "%,.2f"));
    System.out.printf(Locale.ROOT, "  lineage verify, whole process, MiB/s   : median %,.0f  [%s]%n",
        Stats.median(lineage), Stats.list(lineage, "%,.0f"));
    System.out.printf(Locale.ROOT, "  lineage verify, its own time, MiB/s    : median %,.0f  [%s]%n",
        Stats.median(inJvm), Stats.list(inJvm, "%,.0f"));
    System.out.printf(Locale.ROOT, "  openssl dgst -sha256, MiB/s            : median %,.0f  [%s]%n",
        Stats.median(openssl), Stats.list(openssl, "%,.0f"));
    System.out.printf(Locale.ROOT, "  ratio lineage/openssl, whole process   : %.2fx by time, %.2fx by MiB/s "
        + "(target >= 0.8x)%n",
        Stats.median(opensslSeconds) / Stats.median(lineageSeconds), Stats.median(lineage) / Stats.median(openssl));
    System.out.printf(Locale.ROOT, "  ratio lineage/openssl, verify's time   : %.2fx%n",
        Stats.median(inJvm) / Stats.median(openssl));
  }

  /** Four 256 MiB model files, and {@code smallRuns} runs with a param and 100 metric points each. */
  private static void generateVerifyStore(Path dir, Path store, int smallRuns) throws IOException {
    Path files = Files.createDirectories(dir.resolve("verify-files"));
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("verify-cache"))
        .workDir(dir.resolve("verify-work")).tempDir(dir).systemMetrics(false).build()) {
      try (Run run = lineage.newRun("train-large")) {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 4; i++) {
          Path f = files.resolve("model-" + i + ".bin");
          write(f, 256L << 20, random);
          run.produce(f, "model-" + i);
        }
        run.succeed();
      }
      for (int i = 0; i < smallRuns; i++) {
        int n = i;
        lineage.run("small", r -> {
          r.logParam("i", n);
          for (int s = 0; s < 100; s++) {
            r.logMetric("loss", 1.0 / (s + 1 + n), s);
          }
          return null;
        });
      }
    } finally {
      IngestBenchmark.delete(files);
    }
  }

  private static void write(Path f, long bytes, SplittableRandom random) throws IOException {
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long done = 0; done < bytes; done += chunk.length) {
        for (int i = 0; i < chunk.length; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            chunk[i + b] = (byte) (v >>> (8 * b));
          }
        }
        out.write(chunk);
      }
    }
  }

  private static void openssl(List<Path> files) throws Exception {
    for (int i = 0; i < files.size(); i += 2000) {
      List<String> cmd = new ArrayList<>(List.of("openssl", "dgst", "-sha256", "-r"));
      files.subList(i, Math.min(files.size(), i + 2000)).forEach(f -> cmd.add(f.toString()));
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      check(p.waitFor() == 0, "openssl succeeded");
    }
  }
}
