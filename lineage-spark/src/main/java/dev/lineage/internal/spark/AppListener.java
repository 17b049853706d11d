package dev.lineage.internal.spark;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;

/**
 * What the application did, from Spark's listener bus on the driver: each job's and stage's outcome as metrics
 * ({@code spark.job.failed}, {@code spark.job.duration_ms}, {@code spark.stage.failed},
 * {@code spark.stage.duration_ms}, each at the job's or stage's id), the files RDDs read (from their names, which
 * are their paths), and the datasets each SQL query read and wrote. Anything slow is handed to the plugin's
 * recorder thread, so the bus never waits on storage.
 */
final class AppListener extends SparkListener {
  /** RDD operations whose RDD is named after the path it reads. */
  private static final java.util.Set<String> FILE_READS = java.util.Set.of("textFile", "hadoopFile",
      "newAPIHadoopFile", "sequenceFile", "objectFile", "wholeTextFiles", "binaryFiles", "hadoopRDD");

  private final DriverSide driver;
  private final Map<Integer, Long> jobStarts = new ConcurrentHashMap<>();
  private final Map<Integer, String> jobCallSites = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> rddsRecorded = new ConcurrentHashMap<>();
  private final java.util.List<String> savingJobs = new java.util.concurrent.CopyOnWriteArrayList<>();

  AppListener(DriverSide driver) {
    this.driver = driver;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    jobStarts.put(start.jobId(), start.time());
    Properties p = start.properties();
    if (p != null && p.getProperty("callSite.short") != null) {
      jobCallSites.put(start.jobId(), p.getProperty("callSite.short"));
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    Long started = jobStarts.remove(end.jobId());
    String callSite = jobCallSites.remove(end.jobId());
    boolean failed = !(end.jobResult() instanceof JobSucceeded$);
    driver.logMetric("spark.job.failed", failed ? 1 : 0, end.jobId());
    if (started != null) {
      driver.logMetric("spark.job.duration_ms", end.time() - started, end.jobId());
    }
    if (failed) {
      Object cause = Reflect.call(end.jobResult(), "exception").orElse(end.jobResult());
      driver.jobFailed("Spark job " + end.jobId() + (callSite != null ? " (" + callSite + ")" : "") + " failed: "
          + cause);
    } else if (callSite != null && callSite.startsWith("saveAs")) {
      savingJobs.add(callSite);
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    StageInfo stage = submitted.stageInfo();
    for (Object rdd : Reflect.elements(Reflect.call(stage, "rddInfos").orElse(null))) {
      int id = (Integer) Reflect.call(rdd, "id").orElse(-1);
      String scope = Reflect.option(Reflect.call(rdd, "scope").orElse(null))
          .flatMap(s -> Reflect.call(s, "name")).map(Object::toString).orElse("");
      if (FILE_READS.contains(scope) && rddsRecorded.putIfAbsent(id, Boolean.TRUE) == null) {
        String name = Reflect.call(rdd, "name").map(Object::toString).orElse("");
        for (String path : name.split(",")) {
          if (!path.isBlank()) {
            driver.dataset(path.trim(), false);
          }
        }
      }
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo stage = completed.stageInfo();
    boolean failed = Reflect.option(stage.failureReason()).isPresent();
    driver.logMetric("spark.stage.failed", failed ? 1 : 0, stage.stageId());
    Object submittedAt = Reflect.option(stage.submissionTime()).orElse(null);
    Object completedAt = Reflect.option(stage.completionTime()).orElse(null);
    if (submittedAt instanceof Long s && completedAt instanceof Long c) {
      driver.logMetric("spark.stage.duration_ms", c - s, stage.stageId());
    }
  }

  /**
   * The RDD jobs that saved through Hadoop output formats ({@code saveAs...}) beyond those Lineage's committer saw
   * commit: sinks it could not see (a new-API output format, an application's own committer).
   */
  java.util.List<String> unseenSaves(int commits) {
    return savingJobs.subList(Math.min(commits, savingJobs.size()), savingJobs.size());
  }

  /** A SQL query's end: its query execution names what it read and wrote. */
  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (!Reflect.simpleName(event).equals("SparkListenerSQLExecutionEnd")) {
      return;
    }
    Object qe = Reflect.call(event, "qe").orElse(null);
    if (qe == null) {
      return;
    }
    boolean failed = Reflect.option(Reflect.call(event, "executionFailure").orElse(null)).isPresent();
    PlanFiles.Found found = PlanFiles.of(qe);
    found.reads().forEach(path -> driver.dataset(path, false));
    if (!failed) {
      found.writes().forEach(path -> driver.dataset(path, true));
    }
    found.unseen().forEach(driver::unseen);
  }
}
