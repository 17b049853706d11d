package dev.lineage.spark;

import dev.lineage.Experimental;
import dev.lineage.internal.spark.DriverSide;
import dev.lineage.internal.spark.ExecutorSide;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Records a Spark application as a Lineage run with no code change:
 *
 * <pre>
 * spark-submit --jars lineage-spark-&lt;version&gt;-all.jar \
 *   --conf spark.plugins=dev.lineage.spark.LineagePlugin \
 *   --conf spark.lineage.store=s3://ml-bucket/lineage  my-job.jar
 * </pre>
 *
 * <p>The run holds the Spark version, application id and name, master, deploy mode, the non-secret configuration,
 * the shipped jars by digest, each job's and stage's outcome, and the datasets the application's SQL queries and
 * RDDs read and wrote; it ends FAILED when a job failed. Tasks log into it with {@link LineageSpark#writer()}.
 * Settings: {@code spark.lineage.store} (else {@link dev.lineage.Lineage#defaultStore()}: {@code -Dlineage.store},
 * {@code LINEAGE_STORE}, {@code ./lineage-store}) and
 * {@code spark.lineage.runName} (else the application's name). See docs/spark.md.
 *
 * @since 0.1.0
 */
@Experimental
public final class LineagePlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return new DriverSide();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorSide();
  }
}
