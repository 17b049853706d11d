package dev.lineage.spark;

import dev.lineage.Experimental;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunWriter;
import dev.lineage.internal.spark.DisabledWriter;
import dev.lineage.internal.spark.DriverSide;
import dev.lineage.internal.spark.ExecutorSide;
import dev.lineage.internal.spark.StoreViews;
import org.apache.spark.sql.SparkSession;

/**
 * What Spark code calls, with {@link LineagePlugin} enabled.
 *
 * @since 0.1.0
 */
@Experimental
public final class LineageSpark {
  private LineageSpark() {}

  /**
   * Where to log from the code that runs now: inside a task, that task attempt's view of the run (its points
   * count only if the attempt succeeds, once per partition, and are the driver's once granted; a point logged
   * without a step is logged at the partition's number); on the driver, the application's run.
   *
   * <pre>{@code LineageSpark.writer().logMetric("partition_loss", loss);}</pre>
   *
   * <p>Where Lineage records nothing (the plugin is not enabled, or its store could not be opened), a writer that
   * does nothing, after one warning in this JVM: a job's logging line never fails the job.
   */
  public static RunWriter writer() {
    RunWriter inTask = ExecutorSide.taskWriterOfThisThread();
    if (inTask != null) {
      return inTask;
    }
    DriverSide driver = DriverSide.current();
    if (driver != null) {
      return driver.writer();
    }
    return DisabledWriter.because("the Lineage plugin is not enabled in this application, or could not open its "
        + "store; to record, add --conf spark.plugins=dev.lineage.spark.LineagePlugin and its jar to --jars");
  }

  /** The application's run, on the driver. */
  public static Run run() {
    DriverSide driver = DriverSide.current();
    if (driver == null) {
      throw notEnabled();
    }
    return driver.run();
  }

  /**
   * Makes {@code run}, which the driver opened itself, the application's run instead of a new one. Call it before
   * the SparkContext starts; the plugin marks the run FAILED if a job fails, and the driver ends it as usual.
   */
  public static void useRun(Run run) {
    if (run == null) {
      throw new InvalidInputException("run", "must not be null");
    }
    DriverSide.OWN_RUN.set(run);
  }

  /**
   * Registers the store's tables as temporary views of {@code spark}: {@code lineage_runs},
   * {@code lineage_params}, {@code lineage_tags}, {@code lineage_metrics} (each run's metric summaries),
   * {@code lineage_artifacts}, {@code lineage_edges} (runs to the artifacts they used and produced, and to their
   * parents) and {@code lineage_metric_points} (every point, read from the metric segments by Spark's own Parquet
   * reader), from the store's index and the runs after it: the same answers as the Java API's.
   *
   * @throws dev.lineage.StorageException naming {@code lineage_metric_points} if the store has metric points that
   *     Spark cannot read (an S3 store without S3A on Spark's class path, say); the other views are registered
   */
  public static void registerViews(SparkSession spark, Lineage lineage) {
    if (spark == null || lineage == null) {
      throw new InvalidInputException(spark == null ? "spark" : "lineage", "must not be null");
    }
    StoreViews.register(spark, lineage);
  }

  /**
   * Like {@link #registerViews(SparkSession, Lineage)} over the store at {@code store}, opened read-only for the
   * time it takes (no thread, no git, no write): the views hold what the store held then.
   *
   * @throws dev.lineage.NotFoundException if there is no store there
   */
  public static void registerViews(SparkSession spark, String store) {
    if (spark == null) {
      throw new InvalidInputException("spark", "must not be null");
    }
    try (Lineage lineage = Lineage.openReadOnly(store)) {
      StoreViews.register(spark, lineage);
    }
  }

  private static InvalidInputException notEnabled() {
    return new InvalidInputException("spark.plugins", "the Lineage plugin is not enabled in this application: add "
        + "--conf spark.plugins=dev.lineage.spark.LineagePlugin (and its jar to --jars)");
  }
}
