package dev.lineage.internal.spark;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.MetricSummary;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.query.RunQuery;
import java.net.URI;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A store's runs as Spark SQL temporary views, built from the Java API's answer (the index plus the runs after it),
 * and its metric points read straight from the segments with Spark's own Parquet reader.
 */
public final class StoreViews {
  private StoreViews() {}

  public static void register(SparkSession spark, Lineage lineage) {
    List<RunRecord> runs = lineage.runs(RunQuery.all());
    List<Row> runRows = new ArrayList<>();
    List<Row> params = new ArrayList<>();
    List<Row> tags = new ArrayList<>();
    List<Row> metrics = new ArrayList<>();
    List<Row> edges = new ArrayList<>();
    Map<String, Row> artifacts = new LinkedHashMap<>();
    for (RunRecord r : runs) {
      String id = r.id().value();
      runRows.add(RowFactory.create(id, r.name(), r.parent().map(Object::toString).orElse(null), r.status().name(),
          Timestamp.from(r.startedAt()), r.endedAt().map(Timestamp::from).orElse(null), r.failure().orElse(null),
          r.fingerprint().gitCommit().orElse(null), r.fingerprint().gitState().name(), r.fingerprint().user(),
          r.fingerprint().host(), r.step().map(s -> s.step()).orElse(null),
          r.step().map(s -> s.cacheHit()).orElse(null), r.gpus().isEmpty() ? null : r.gpuHoursHeld(),
          r.gpus().isEmpty() ? null : r.gpuHoursIdle(), r.dataBound()));
      r.params().forEach((k, v) -> params.add(RowFactory.create(id, k, v.type().name(), v.text())));
      r.tags().forEach((k, v) -> tags.add(RowFactory.create(id, k, v)));
      for (MetricSummary m : r.metrics().values()) {
        metrics.add(RowFactory.create(id, m.key(), m.count(), m.lastStep(), m.lastValue(), m.min(), m.max()));
      }
      for (Artifact a : r.inputs()) {
        edges.add(RowFactory.create(id, "USED", "ARTIFACT", a.digest().toString(), a.name().orElse(null)));
        artifacts.putIfAbsent(a.digest().toString(), artifact(a));
      }
      for (Artifact a : r.outputs()) {
        edges.add(RowFactory.create(id, "PRODUCED", "ARTIFACT", a.digest().toString(), a.name().orElse(null)));
        artifacts.putIfAbsent(a.digest().toString(), artifact(a));
      }
      r.parent().ifPresent(p -> edges.add(RowFactory.create(id, "CHILD_OF", "RUN", p.value(), null)));
    }
    view(spark, "lineage_runs", runRows, "run_id", DataTypes.StringType, "name", DataTypes.StringType,
        "parent_id", DataTypes.StringType, "status", DataTypes.StringType, "started_at", DataTypes.TimestampType,
        "ended_at", DataTypes.TimestampType, "failure", DataTypes.StringType, "git_commit", DataTypes.StringType,
        "git_state", DataTypes.StringType, "user", DataTypes.StringType, "host", DataTypes.StringType,
        "step_name", DataTypes.StringType, "cache_hit", DataTypes.BooleanType, "gpu_hours_held",
        DataTypes.DoubleType, "gpu_hours_idle", DataTypes.DoubleType, "data_bound", DataTypes.BooleanType);
    view(spark, "lineage_params", params, "run_id", DataTypes.StringType, "key", DataTypes.StringType, "type",
        DataTypes.StringType, "value", DataTypes.StringType);
    view(spark, "lineage_tags", tags, "run_id", DataTypes.StringType, "key", DataTypes.StringType, "value",
        DataTypes.StringType);
    view(spark, "lineage_metrics", metrics, "run_id", DataTypes.StringType, "key", DataTypes.StringType, "count",
        DataTypes.LongType, "last_step", DataTypes.LongType, "last_value", DataTypes.DoubleType, "min_value",
        DataTypes.DoubleType, "max_value", DataTypes.DoubleType);
    view(spark, "lineage_artifacts", new ArrayList<>(artifacts.values()), "digest", DataTypes.StringType, "kind",
        DataTypes.StringType, "size", DataTypes.LongType, "name", DataTypes.StringType);
    view(spark, "lineage_edges", edges, "run_id", DataTypes.StringType, "edge", DataTypes.StringType,
        "target_kind", DataTypes.StringType, "target", DataTypes.StringType, "name", DataTypes.StringType);
    if (runs.stream().allMatch(r -> r.metrics().isEmpty())) {
      return; // no metric segment yet: Spark cannot infer a schema from nothing, so that view is absent
    }
    String segments = segmentsGlob(lineage.store());
    if (segments == null) {
      throw new StorageException("lineage_metric_points: Spark cannot read the metric segments of a store at "
          + lineage.store() + " (only a directory or an s3:// store's); the other views are registered");
    }
    try {
      spark.read().parquet(segments).createOrReplaceTempView("lineage_metric_points");
    } catch (RuntimeException e) {
      // Never silently short: the other views stand, this one is said to be missing, and why.
      throw new StorageException("lineage_metric_points: Spark could not read the metric segments at " + segments
          + " (" + e + ")" + (segments.startsWith("s3a:") ? "; Spark reads S3 through S3A, which needs hadoop-aws "
          + "on its class path and credentials in its fs.s3a settings" : "") + "; the other views are registered", e);
    }
  }

  private static Row artifact(Artifact a) {
    return RowFactory.create(a.digest().toString(), a.kind().name(), a.size(), a.name().orElse(null));
  }

  private static void view(SparkSession spark, String name, List<Row> rows, Object... columns) {
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < columns.length; i += 2) {
      fields.add(DataTypes.createStructField((String) columns[i], (DataType) columns[i + 1], true));
    }
    StructType schema = DataTypes.createStructType(fields);
    spark.createDataFrame(rows, schema).createOrReplaceTempView(name);
  }

  /** The segments' paths as Spark names them: a directory store's, or an S3 store's through s3a. */
  private static String segmentsGlob(URI store) {
    String s = store.toString();
    String base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    if (store.getScheme() == null || store.getScheme().equals("file")) {
      return base + "/rundata/*/metrics/*/*.parquet";
    }
    if (store.getScheme().equals("s3")) {
      String path = "s3a://" + store.getHost() + store.getPath();
      return (path.endsWith("/") ? path : path + "/") + "rundata/*/metrics/*/*.parquet";
    }
    return null;
  }
}
