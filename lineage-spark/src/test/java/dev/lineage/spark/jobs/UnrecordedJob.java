package dev.lineage.spark.jobs;

import dev.lineage.spark.LineageSpark;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;

/**
 * A job with one logging line per task and one on the driver, run where Lineage records nothing (the plugin off, or
 * a store it cannot open): it must finish as it would without Lineage.
 */
public final class UnrecordedJob {
  private UnrecordedJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().getOrCreate();
    spark.range(0, 40, 1, 4).foreachPartition(partition -> {
      long n = 0;
      while (partition.hasNext()) {
        partition.next();
        n++;
      }
      LineageSpark.writer().logMetric("partition_rows", n, TaskContext.get().partitionId());
    });
    LineageSpark.writer().logMetric("driver_done", 1);
    spark.stop();
    System.out.println("UnrecordedJob: done");
  }
}
