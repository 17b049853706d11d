package dev.lineage.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;

/**
 * The same Spark job with and without the plugin, on a local-cluster of Spark 3.5, alternating: the wall time of
 * a job of 48 tasks that each compute for 200 ms (overhead, target 2%) and for 40 ms (target 5%), and the median
 * duration of tasks that only log a point (the plugin's per-task cost after warm-up). Not a test: run it with
 *
 * <pre>mvn -B -q verify -pl lineage-spark/bundle -am -DskipTests &amp;&amp; mvn -B -q exec:java -pl lineage-spark/bundle \
 *     -Dexec.classpathScope=test -Dexec.mainClass=dev.lineage.spark.SparkPluginBenchmark \
 *     -Dlineage.spark.jar=... -Dlineage.spark.jobs=... -Dspark35.home=...</pre>
 *
 * (the three paths as the failsafe configuration in lineage-spark/bundle/pom.xml sets them).
 */
public final class SparkPluginBenchmark {
  private SparkPluginBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = Integer.getInteger("reps", 5);
    Path work = Files.createTempDirectory("lineage-spark-bench");
    SparkApplications apps = new SparkApplications(new SparkApplications.Distribution("spark-3.5",
        Path.of(System.getProperty("spark35.home")), "2.12"), work, List.of());
    System.out.println("machine: " + java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name")).findFirst().orElse("?") + ", "
        + Runtime.getRuntime().availableProcessors() + " cores");
    for (String millis : System.getProperty("taskMillis", "200,40").split(",")) {
      double[][] with = new double[2][reps];
      double[][] without = new double[2][reps];
      double[] ratio = new double[reps];
      for (int r = 0; r < reps; r++) {
        Map<String, Double> a = figures(apps.run("bench-without", "dev.lineage.spark.jobs.BenchJob",
            Map.of("spark.plugins", ""), "without", millis));
        Map<String, Double> b = figures(apps.run("bench-with", "dev.lineage.spark.jobs.BenchJob",
            Map.of("spark.lineage.store", work.resolve("store").toUri().toString()), "with", millis));
        without[0][r] = a.get("work_ms");
        without[1][r] = a.get("tiny_task_p50_ms");
        with[0][r] = b.get("work_ms");
        with[1][r] = b.get("tiny_task_p50_ms");
        ratio[r] = with[0][r] / without[0][r];
      }
      System.out.printf(Locale.ROOT, "48 tasks of %s ms, job wall time (ms), %d runs each, alternating:%n", millis,
          reps);
      System.out.printf(Locale.ROOT, "  without the plugin : median %,.0f  %s%n", median(without[0]),
          Arrays.toString(without[0]));
      System.out.printf(Locale.ROOT, "  with the plugin    : median %,.0f  %s%n", median(with[0]),
          Arrays.toString(with[0]));
      System.out.printf(Locale.ROOT, "  overhead           : %+.2f%% (median of pair ratios), %+.2f%% (medians)%n",
          (median(ratio) - 1) * 100, (median(with[0]) / median(without[0]) - 1) * 100);
      System.out.printf(Locale.ROOT, "tasks that only log a point, median duration (ms):%n");
      System.out.printf(Locale.ROOT, "  without the plugin : %s%n", Arrays.toString(without[1]));
      System.out.printf(Locale.ROOT, "  with the plugin    : %s%n", Arrays.toString(with[1]));
      System.out.printf(Locale.ROOT, "  per-task cost      : %.1f ms (median with - median without)%n",
          median(with[1]) - median(without[1]));
    }
  }

  private static Map<String, Double> figures(SparkApplications.Finished f) {
    Map<String, Double> out = new HashMap<>();
    for (String line : f.output().split("\n")) {
      if (line.startsWith("BENCH ")) {
        String[] p = line.split(" ");
        out.put(p[1], Double.parseDouble(p[2]));
      }
    }
    if (f.exit() != 0 || out.size() < 2) {
      throw new IllegalStateException("the benchmark job failed:\n" + f.output());
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
