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
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The command line as a user meets it: whole processes started by {@code bin/lineage} (so with its JVM flags and
 * its class-data-sharing archive, made by a first run before the measured ones):
 * <ul>
 *   <li>{@code lineage runs} over the 100,000-run store of {@link QueryBenchmark}, cold (JVM start, store open,
 *       index read, first answer), against the same answer from the Java API in a JVM that is already running;</li>
 *   <li>{@code lineage verify} over a store of 1 GiB of blobs plus small documents, as bytes checked per second,
 *       against {@code openssl dgst -sha256} over exactly the store's files, page cache warm for both.</li>
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
    runs(dir, new Cli(launcher, jar), repetitions);
    verify(dir, "verify-store-blobs", 0, new Cli(launcher, jar), repetitions);
    verify(dir, "verify-store", 500, new Cli(launcher, jar), repetitions);
  }

  /** {@code bin/lineage} running a given jar. */
  record Cli(Path launcher, Path jar) {
    /** Runs a command and returns its standard output; a non-zero exit stops the benchmark. */
    byte[] run(String command, Path store, String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(launcher.toString(), command, "--store", store.toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("LINEAGE_JAR", jar.toString());
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      check(p.waitFor() == 0, "lineage " + command + " exited 0");
      return out;
    }
  }

  private static void runs(Path dir, Cli cli, int repetitions) throws Exception {
    Path store = QueryBenchmark.store(dir, 5000, 20);
    double[] plain = new double[repetitions];
    double[] filtered = new double[repetitions];
    double[] api = new double[repetitions];
    cli.run("runs", store, "--limit", "20", "--json"); // the archive made, the page cache warm for all
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      JsonNode listed = JSON.readTree(cli.run("runs", store, "--limit", "20", "--json"));
      plain[r] = (System.nanoTime() - start) / 1e6;
      check(listed.size() == 20, "lineage runs listed 20 runs");

      start = System.nanoTime();
      JsonNode named = JSON.readTree(cli.run("runs", store, "--limit", "20", "--name", "step-19", "--json"));
      filtered[r] = (System.nanoTime() - start) / 1e6;
      check(named.size() == 20, "lineage runs --name listed 20 runs");

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
    System.out.printf(Locale.ROOT, "  lineage runs --name, cold process      : median %,.0f  [%s]%n",
        Stats.median(filtered), Stats.list(filtered, "%,.0f"));
    System.out.printf(Locale.ROOT, "  Java API in a running JVM (open+query) : median %,.0f  [%s]%n",
        Stats.median(api), Stats.list(api, "%,.0f"));
    System.out.printf(Locale.ROOT, "  ratio lineage runs / API               : %.2fx%n",
        Stats.median(plain) / Stats.median(api));
  }

  private static void verify(Path dir, String name, int smallRuns, Cli cli, int repetitions) throws Exception {
    Path store = dir.resolve(name);
    if (!Files.exists(dir.resolve(name + ".generated"))) {
      IngestBenchmark.delete(store);
      generateVerifyStore(dir, store, smallRuns);
      Files.writeString(dir.resolve(name + ".generated"), "ok");
    }
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
    long verified = JSON.readTree(cli.run("verify", store, "--json")).get("bytes").asLong(); // warm up both
    openssl(files);
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      JsonNode report = JSON.readTree(cli.run("verify", store, "--json"));
      lineage[r] = report.get("bytes").asLong() / ((System.nanoTime() - start) / 1e9) / (1 << 20);
      inJvm[r] = report.get("bytes").asLong() / (report.get("tookMillis").asLong() / 1e3) / (1 << 20);
      check(report.get("ok").asBoolean(), "the store verifies");
      start = System.nanoTime();
      openssl(files);
      openssl[r] = fileBytes / ((System.nanoTime() - start) / 1e9) / (1 << 20);
    }
    System.out.printf(Locale.ROOT, "lineage verify over %d objects, %,d MiB read (the store's files: %d, %,d MiB); "
        + "MiB/s, %d runs each, alternating:%n", files.size(), verified >> 20, files.size(), fileBytes >> 20,
        repetitions);
    System.out.printf(Locale.ROOT, "  lineage verify, whole process          : median %,.0f  [%s]%n",
        Stats.median(lineage), Stats.list(lineage, "%,.0f"));
    System.out.printf(Locale.ROOT, "  lineage verify, its own time (report)  : median %,.0f  [%s]%n",
        Stats.median(inJvm), Stats.list(inJvm, "%,.0f"));
    System.out.printf(Locale.ROOT, "  openssl dgst -sha256 over the files    : median %,.0f  [%s]%n",
        Stats.median(openssl), Stats.list(openssl, "%,.0f"));
    System.out.printf(Locale.ROOT, "  ratio lineage/openssl, whole process   : %.2fx (target >= 0.8x)%n",
        Stats.median(lineage) / Stats.median(openssl));
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
