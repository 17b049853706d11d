package dev.lineage.spark.jobs;

import dev.lineage.Lineage;
import dev.lineage.StorageException;
import dev.lineage.spark.LineageSpark;
import dev.lineage.storage.s3.Credentials;
import dev.lineage.storage.s3.S3Backend;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;

/**
 * An application on executors that come and go, into an S3 store: with dynamic allocation, the executors of a first
 * job are released once idle and a second job gets new ones. The first job also loses two executors: partition 5's
 * first attempt kills its JVM mid-task, and partition 3's executor is halted by the plugin right after the driver
 * granted its claim (the job's local property {@code spark.lineage.test.halt}). Each partition logs which attempt
 * logged.
 */
public final class ElasticJob {
  private ElasticJob() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().getOrCreate();
    SparkContext sc = spark.sparkContext();
    Executors executors = new Executors();
    sc.addSparkListener(executors);
    sc.setLocalProperty("spark.lineage.test.halt", "after-grant:3");
    spark.range(0, 800, 1, 8).foreachPartition(partition -> {
      TaskContext task = TaskContext.get();
      int p = task.partitionId();
      boolean first = task.stageAttemptNumber() == 0 && task.attemptNumber() == 0;
      LineageSpark.writer().logMetric("partition_loss", first && p == 5 ? -1 : p * 0.1);
      LineageSpark.writer().logMetric("partition_attempt", task.attemptNumber());
      if (first && p == 5) {
        Runtime.getRuntime().halt(1);
      }
    });
    sc.setLocalProperty("spark.lineage.test.halt", null);
    // Every executor of the first job released (dynamic allocation, idle), observed, before the second starts.
    executors.awaitNoneAlive(TimeUnit.MINUTES.toMillis(2));
    System.out.println("ElasticJob: executors added " + executors.added.get() + ", removed "
        + executors.removed.get());
    // The store as Spark SQL views: this Spark has no S3A, so the metric points view must say it is missing. The
    // count starts executors after the first job's were released, and the second job, right after it, finds them
    // (one executor start fewer than the count after the second job).
    String store = LineageSpark.run().handle().store().toString();
    S3Backend bucket = S3Backend.builder().uri(URI.create(store)).credentials(Credentials.of(
        sc.getConf().get("spark.lineage.s3.access.key"), sc.getConf().get("spark.lineage.s3.secret.key"))).build();
    try (Lineage lineage = Lineage.builder().backend(bucket).readOnly(true).build()) {
      LineageSpark.registerViews(spark, lineage);
      System.out.println("ElasticJob: views: all registered");
    } catch (StorageException e) {
      System.out.println("ElasticJob: views: " + e.getMessage().replace('\n', ' '));
    }
    System.out.println("ElasticJob: lineage_runs: " + spark.sql("SELECT count(*) FROM lineage_runs").first().getLong(0));
    spark.range(0, 400, 1, 4).foreachPartition(partition -> {
      LineageSpark.writer().logMetric("second_job", TaskContext.get().partitionId());
    });
    spark.stop();
  }

  /** Counts executors as the driver's listener bus reports them. */
  static final class Executors extends SparkListener {
    final AtomicInteger added = new AtomicInteger();
    final AtomicInteger removed = new AtomicInteger();

    @Override
    public synchronized void onExecutorAdded(SparkListenerExecutorAdded e) {
      added.incrementAndGet();
      notifyAll();
    }

    @Override
    public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved e) {
      removed.incrementAndGet();
      notifyAll();
    }

    synchronized void awaitNoneAlive(long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      while (added.get() == 0 || removed.get() < added.get()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IllegalStateException("executors still alive after " + millis + " ms: added " + added.get()
              + ", removed " + removed.get());
        }
        wait(left);
      }
    }
  }
}
