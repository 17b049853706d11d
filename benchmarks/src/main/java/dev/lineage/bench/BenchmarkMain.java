package dev.lineage.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the benchmarks and prints each figure beside its same-run baseline.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar [all|logmetric|ingest|hash|stephit|demo|query|fixedcost|cli|report|sampler|s3upload|s3uploadwan|s3query] [work-dir]</pre>
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    if (which.equals("ingest-fork")) {
      IngestBenchmark.forked(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
      return;
    }
    System.out.println("machine: " + Machine.describe());
    Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-work"));
    List<String> selected = which.equals("all")
        ? List.of("logmetric", "ingest", "hash", "stephit", "fingerprint", "restore", "demo", "query", "fixedcost", "codecapture", "sampler", "cli", "report", "s3upload", "s3uploadwan", "s3query")
        : List.of(which.split(","));
    for (String name : selected) {
      switch (name) {
        case "logmetric":
          logMetric();
          break;
        case "ingest":
          IngestBenchmark.run(dir, 5_000_000, Integer.getInteger("reps", 5));
          break;
        case "hash":
          HashBenchmark.run(dir, 1L << 30, 5);
          break;
        case "stephit":
          StepCacheBenchmark.hit(dir, 1000, 1L << 30, 5);
          break;
        case "demo":
          StepCacheBenchmark.demoTwice(dir, 5);
          break;
        case "s3query":
          S3QueryBenchmark.run(dir, 500, 20, 5);
          break;
        case "s3upload":
          S3UploadBenchmark.run(dir, 1L << 30, 3, 0);
          break;
        case "s3uploadwan":
          S3UploadBenchmark.run(dir, 1L << 30, 3, Long.getLong("perConnection", 32L << 20));
          break;
        case "sampler":
          SamplerBenchmark.run(dir, 500);
          break;
        case "gpucheck":
          GpuCheck.run(dir, args.length > 2 ? args[2] : null);
          break;
        case "report":
          ReportBenchmark.run(dir, Integer.getInteger("reps", 5));
          break;
        case "restore":
          StepCacheBenchmark.restore(dir, Integer.getInteger("reps", 5));
          break;
        case "fingerprint":
          FingerprintBenchmark.run(dir, Integer.getInteger("reps", 9));
          break;
        case "cli":
          CliBenchmark.run(dir, Integer.getInteger("reps", 7));
          break;
        case "audit":
          AuditBenchmark.run(dir, Integer.getInteger("reps", 5));
          break;
        case "query":
          QueryBenchmark.run(dir, Integer.getInteger("chains", 5000), 20, 7);
          break;
        case "fixedcost":
          FixedCostBenchmark.run(dir, Integer.getInteger("runs", 1000), Integer.getInteger("reps", 7));
          break;
        case "codecapture":
          CodeCaptureBenchmark.run(dir, Integer.getInteger("jars", 300), Integer.getInteger("reps", 5));
          break;
        default:
          throw new IllegalArgumentException("unknown benchmark " + name
              + "; use all, logmetric, ingest, hash, stephit, fingerprint, restore, demo, query, fixedcost, codecapture, cli, report, sampler, s3upload, s3uploadwan or s3query");
      }
    }
  }

  private static void logMetric() throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(LogMetricBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(3))
        .jvmArgs("-Xmx1g")
        .build()).run();
    System.out.println("logMetric on the caller's thread (ns/call, JMH SampleTime):");
    double lineageP50 = 0;
    double baselineP50 = 0;
    for (RunResult r : results) {
      Statistics s = r.getPrimaryResult().getStatistics();
      String label = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      System.out.printf(Locale.ROOT, "  %-22s p50 %6.0f  p90 %6.0f  p99 %8.0f  mean %8.1f%n", label,
          s.getPercentile(50), s.getPercentile(90), s.getPercentile(99), s.getMean());
      if (label.startsWith("lineage")) {
        lineageP50 = s.getPercentile(50);
      } else {
        baselineP50 = s.getPercentile(50);
      }
    }
    System.out.printf(Locale.ROOT, "  p50 ratio lineage/baseline    : %.2fx (target: lineage p50 <= 100 ns)%n",
        lineageP50 / baselineP50);
  }
}
