package dev.lineage.spark.jobs;

import dev.lineage.spark.LineageSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The job the plugin benchmark runs with and without the plugin: a warm-up, then a job of 48 tasks that each
 * compute for 200 ms (or the milliseconds given), Spark's advice being tasks of 100 ms or more (its wall time is
 * the overhead figure), then 400
 * tasks that do nothing but log a point when the plugin is there (the median of their durations, as the driver sees
 * them, holds the plugin's per-task cost: executor plugins run inside a task's duration). Prints
 * {@code BENCH name value} lines. Args: with|without [task milliseconds].
 */
public final class BenchJob {
  private BenchJob() {}

  public static void main(String[] args) {
    boolean with = args[0].equals("with");
    long taskNanos = (args.length > 1 ? Long.parseLong(args[1]) : 200) * 1_000_000L;
    SparkSession spark = SparkSession.builder().getOrCreate();
    java.util.Map<Integer, List<Long>> durations = new java.util.HashMap<>();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        synchronized (durations) {
          durations.computeIfAbsent(end.stageId(), k -> new ArrayList<>()).add(end.taskInfo().duration());
          durations.notifyAll();
        }
      }
    });
    for (int i = 0; i < 2; i++) {
      tiny(spark, with, 200); // warm-up: class loading, JIT, the executors' stores
      work(spark, with, taskNanos);
    }
    long start = System.nanoTime();
    work(spark, with, taskNanos);
    System.out.println("BENCH work_ms " + (System.nanoTime() - start) / 1e6);
    tiny(spark, with, 400);
    // The listener bus delivers task ends after the job returns: wait until it has delivered all 400.
    int lastStage;
    synchronized (durations) {
      long deadline = System.currentTimeMillis() + 60_000;
      while ((lastStage = durations.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1)) < 0
          || durations.get(lastStage).size() < 400) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IllegalStateException("the listener bus delivered too few task ends");
        }
        try {
          durations.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    List<Long> sorted = new ArrayList<>(durations.getOrDefault(lastStage, List.of()));
    Collections.sort(sorted);
    System.out.println("BENCH tiny_task_p50_ms " + (sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2)));
    spark.stop();
  }

  private static void work(SparkSession spark, boolean with, long taskNanos) {
    spark.range(0, 48, 1, 48).javaRDD().foreach(i -> {
      long end = System.nanoTime() + taskNanos;
      double x = 0;
      while (System.nanoTime() < end) {
        x += Math.sqrt(x + i);
      }
      if (with) {
        LineageSpark.writer().logMetric("work", x);
      }
    });
  }

  private static void tiny(SparkSession spark, boolean with, int tasks) {
    spark.range(0, tasks, 1, tasks).javaRDD().foreach(i -> {
      if (with) {
        LineageSpark.writer().logMetric("tiny", i);
      }
    });
  }
}
