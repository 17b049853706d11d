package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code lineage report} over a 10,000-run store (QueryBenchmark's generator, 500 chains 20 deep), as a whole
 * process started by {@code bin/lineage}, against reading the same runs through the Java API in a running JVM (a
 * new Lineage each time, so the index is read afresh), alternating. Target: the report in at most 5 s.
 */
final class ReportBenchmark {
  private ReportBenchmark() {}

  static void run(Path dir, int repetitions) throws Exception {
    Path store = QueryBenchmark.store(dir, 500, 20);
    CliBenchmark.Cli cli = new CliBenchmark.Cli(
        Path.of(System.getProperty("cli.bin", "lineage-cli/bin/lineage")).toAbsolutePath(),
        Path.of(System.getProperty("cli.jar", "lineage-cli/target/lineage.jar")).toAbsolutePath());
    Path out = dir.resolve("report-10k.html");
    double[] report = new double[repetitions];
    double[] api = new double[repetitions];
    cli.run("report", store, "--out", out.toString()); // the class archive trained, the page cache warm
    long bytes = 0;
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      JsonNode written = new ObjectMapper().readTree(cli.run("report", store, "--out", out.toString(), "--json"));
      report[r] = (System.nanoTime() - start) / 1e6;
      check(written.get("runs").asInt() == 10_000, "the report holds every run");
      bytes = written.get("bytes").asLong();
      start = System.nanoTime();
      try (Lineage lineage = Lineage.builder().store(store.toString()).createStore(false).autoIndex(0)
          .systemMetrics(false).build()) {
        List<RunRecord> runs = lineage.runs(RunQuery.all());
        check(runs.size() == 10_000, "the API read every run");
      }
      api[r] = (System.nanoTime() - start) / 1e6;
    }
    check(Files.size(out) == bytes, "the page is on disk");
    System.out.printf(Locale.ROOT, "lineage report over 10,000 runs (ms, %d runs each, alternating; page %,d KiB):%n",
        repetitions, bytes >> 10);
    System.out.printf(Locale.ROOT, "  lineage report, whole process          : median %,.0f  [%s]  (target <= 5,000)%n",
        Stats.median(report), Stats.list(report, "%,.0f"));
    System.out.printf(Locale.ROOT, "  Java API reading the runs, running JVM : median %,.0f  [%s]%n",
        Stats.median(api), Stats.list(api, "%,.0f"));
    System.out.printf(Locale.ROOT, "  ratio report / API                     : %.2fx%n",
        Stats.median(report) / Stats.median(api));
  }
}
