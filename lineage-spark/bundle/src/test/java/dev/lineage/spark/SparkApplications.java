package dev.lineage.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts Spark applications as a user's spark-submit would: a driver JVM whose classpath is a Spark distribution's
 * jars plus Lineage's one relocated jar and the application's jar, with the plugin enabled by configuration alone,
 * on a real {@code local-cluster} (a master, a worker and executors in JVMs of their own).
 */
final class SparkApplications {
  /** What spark-submit adds on JDK 17 so Spark can reach into the JDK (Spark's JavaModuleOptions). */
  static final List<String> OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

  /**
   * JIT and collector for the tests' JVMs, which live seconds on a busy 2-core machine: C2's compiles and G1's
   * threads compete with the application for the cores and pay back only in a long run. On a 2-core machine,
   * Spark 3.5's scenarios took 200 s without them and 121 s with them. The benchmark keeps the JVM's defaults, as
   * users run Spark.
   */
  static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** A Spark distribution assembled by the build, and its Scala version. */
  record Distribution(String name, Path home, String scala) {}

  /** A finished application: its exit status and what it printed. */
  record Finished(int exit, String output) {}

  private final Distribution spark;
  private final Path work;
  private final List<String> jvmOptions;

  /** Applications whose driver and executors run with {@code jvmOptions} beside Spark's own. */
  SparkApplications(Distribution spark, Path work, List<String> jvmOptions) {
    this.spark = spark;
    this.work = work;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  Finished run(String name, String mainClass, Map<String, String> conf, String... args)
      throws IOException, InterruptedException {
    String lineageJar = System.getProperty("lineage.spark.jar");
    String jobsJar = System.getProperty("lineage.spark.jobs");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(OPENS);
    cmd.add("-Xmx768m");
    cmd.add("-Dspark.master=" + conf.getOrDefault("spark.master", "local-cluster[2,1,1024]"));
    cmd.add("-Dspark.app.name=" + name);
    if (!conf.containsKey("spark.plugins")) {
      cmd.add("-Dspark.plugins=dev.lineage.spark.LineagePlugin");
    }
    cmd.add("-Dspark.jars=" + lineageJar + "," + jobsJar);
    cmd.addAll(jvmOptions);
    List<String> executorOptions = new ArrayList<>(OPENS);
    executorOptions.addAll(jvmOptions);
    cmd.add("-Dspark.executor.extraJavaOptions=" + String.join(" ", executorOptions));
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.sql.shuffle.partitions=4");
    conf.forEach((k, v) -> {
      // An empty value leaves the setting out: "spark.plugins" -> "" runs without the plugin.
      if (!v.isEmpty() && !k.equals("spark.master")) {
        cmd.add("-D" + k + "=" + v);
      }
    });
    cmd.add("-cp");
    cmd.add(spark.home().resolve("jars") + "/*:" + lineageJar + ":" + jobsJar);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    // Started in a folder of their own, outside any git working tree: a run records the tree it starts in, and
    // whether the checkout running these tests has uncommitted changes is no part of what they check.
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(work.toFile());
    pb.environment().put("SPARK_HOME", spark.home().toString());
    pb.environment().put("SPARK_SCALA_VERSION", spark.scala());
    pb.environment().remove("LINEAGE_STORE");
    // Nothing reaches a store through the environment: what the executors need is in Spark's configuration.
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    Path log = Files.createTempFile(work, name + "-", ".log");
    pb.redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(4, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(name + " on " + spark.name() + " did not finish in 4 minutes:\n" + tail(log));
    }
    // Where the suite's minutes go, in the test's output: each application's wall time.
    System.out.printf("%s on %s: exit %d in %.1f s%n", name, spark.name(), p.exitValue(),
        (System.nanoTime() - started) / 1e9);
    return new Finished(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
