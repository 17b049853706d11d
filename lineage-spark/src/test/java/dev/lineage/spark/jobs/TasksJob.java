package dev.lineage.spark.jobs;

import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import dev.lineage.spark.LineageSpark;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tasks that log into the application's run, and fail as tasks do, each at a moment the test names, never after a
 * pause: partition 2's first attempt throws after logging; partition 5's kills its executor's JVM mid-task, after
 * logging; partition 3's executor is halted by the plugin right after the driver granted its claim, and partition
 * 6's (which also records an artifact) while its records are being flushed (the job's local property
 * {@code spark.lineage.test.halt}). Each partition logs which attempt logged. It reads what EtlJob wrote (a lineage
 * edge between the two applications), then checks the store's Spark SQL views and Spark's default Parquet reader
 * against the Java API, and that Lineage's dependencies are its own. Args: parquet-in store. Exits 3 on a mismatch.
 */
public final class TasksJob {
  private TasksJob() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().getOrCreate();
    Dataset<Row> churned = spark.read().parquet(args[0]);
    long rows = churned.count();
    // Eight partitions with no shuffle before them: a lost executor costs its own tasks, not shuffle output.
    spark.sparkContext().setLocalProperty("spark.lineage.test.halt", "after-grant:3,in-flush:6");
    spark.range(0, 800, 1, 8).foreachPartition(partition -> {
      TaskContext task = TaskContext.get();
      int p = task.partitionId();
      long n = 0;
      while (partition.hasNext()) {
        partition.next();
        n++;
      }
      boolean first = task.stageAttemptNumber() == 0 && task.attemptNumber() == 0;
      boolean failing = first && (p == 2 || p == 5 || p == 6);
      LineageSpark.writer().logMetric("partition_loss", failing ? -1 : p * 0.1); // -1: an attempt that fails
      LineageSpark.writer().logMetric("partition_rows", n);
      LineageSpark.writer().logMetric("partition_attempt", task.attemptNumber());
      if (p == 6) {
        LineageSpark.writer().produce("partition-6-summary",
            new java.io.ByteArrayInputStream(("rows " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      if (failing && p == 2) {
        throw new IllegalStateException("the first attempt of partition 2 fails");
      }
      if (failing && p == 5) {
        Runtime.getRuntime().halt(1); // mid-task: its points were never claimed
      }
    });
    spark.sparkContext().setLocalProperty("spark.lineage.test.halt", null);

    StringBuilder problems = new StringBuilder();
    try (Lineage lineage = Lineage.openReadOnly(args[1])) {
      LineageSpark.registerViews(spark, lineage);
      List<RunRecord> runs = lineage.runs(RunQuery.all());
      check(problems, "runs", (long) runs.size(), spark.sql("SELECT count(*) FROM lineage_runs").first().getLong(0));
      Map<String, String> versions = new TreeMap<>();
      runs.forEach(r -> {
        if (r.params().containsKey("spark.version")) {
          versions.put(r.id().value(), r.params().get("spark.version").asString());
        }
      });
      Map<String, String> viaSql = new TreeMap<>();
      spark.sql("SELECT r.run_id, p.value FROM lineage_runs r JOIN lineage_params p ON r.run_id = p.run_id "
          + "WHERE p.key = 'spark.version'").collectAsList().forEach(r -> viaSql.put(r.getString(0), r.getString(1)));
      check(problems, "spark versions by run", versions, viaSql);
      RunRecord etl = runs.stream().filter(r -> r.name().equals("etl")).findFirst().orElseThrow();
      long points = etl.metrics().values().stream().mapToLong(m -> m.count()).sum();
      // Spark's default reader (vectorized) over the metric segments
      check(problems, "vectorized reader", "true", spark.conf().get("spark.sql.parquet.enableVectorizedReader"));
      long read = spark.sql("SELECT count(*) FROM lineage_metric_points WHERE run_id = '" + etl.id() + "'").first()
          .getLong(0);
      check(problems, "metric points of the etl run read by Spark", points, read);
      long edges = spark.sql("SELECT count(*) FROM lineage_edges e JOIN lineage_artifacts a ON e.target = a.digest "
          + "WHERE e.run_id = '" + etl.id() + "' AND e.edge = 'PRODUCED'").first().getLong(0);
      check(problems, "outputs of the etl run", (long) etl.outputs().size(), edges);
    }
    check(problems, "rows", true, rows > 0);
    String ours = where("dev.lineage.shaded.parquet.column.ParquetProperties");
    String sparks = where("org.apache.parquet.column.ParquetProperties");
    check(problems, "our Parquet comes from our jar", true, ours.endsWith("-all.jar"));
    check(problems, "Spark's Parquet is Spark's", true, sparks.contains("/jars/parquet-column-"));
    check(problems, "our Jackson comes from our jar", true,
        where("dev.lineage.shaded.jackson.databind.ObjectMapper").endsWith("-all.jar"));
    check(problems, "Spark's Jackson is Spark's", true,
        where("com.fasterxml.jackson.databind.ObjectMapper").contains("/jars/jackson-databind-"));
    System.out.println("TasksJob: parquet " + ours + " / Spark's " + sparks);
    spark.stop();
    if (problems.length() > 0) {
      System.out.println("TasksJob MISMATCH:" + problems);
      System.exit(3);
    }
  }

  private static String where(String className) throws ClassNotFoundException {
    return String.valueOf(Class.forName(className).getProtectionDomain().getCodeSource().getLocation());
  }

  private static void check(StringBuilder problems, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      problems.append("\n  ").append(what).append(": expected ").append(expected).append(", was ").append(actual);
    }
  }
}
