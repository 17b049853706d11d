package dev.lineage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.openlineage.OpenLineageEvents;
import dev.lineage.storage.s3.Credentials;
import dev.lineage.storage.s3.S3Backend;
import dev.lineage.query.RunQuery;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plugin on a real Spark, as users run it: one relocated jar beside Spark's own jars, executors in their own
 * JVMs, three applications. The first has no Lineage code (SQL and RDD reads and writes, secrets in its
 * configuration); the second reads what the first wrote, logs from tasks that fail, retry and lose their executor,
 * and checks Spark SQL views and Spark's default reader against the Java API from inside Spark; the third's driver
 * uses its own run and swallows a failed job. Each distribution runs them once; the tests read the store after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SparkPluginScenarios {
  private static final String SECRET = "SUPERSECRET-do-not-store";
  private static final String ACCESS_KEY = "AKIAEXAMPLEDONOTSTORE";
  private static final String PASSWORD = "hunter2-do-not-store";
  private static final String ONE_EXECUTOR = "local-cluster[1,1,1024]";

  private final Path work;
  private final Path store;
  private final Path csv;
  private final Path parquet;
  private final Path textIn;
  private final Path textOut;
  private final SparkApplications.Finished etl;
  private final SparkApplications.Finished tasks;
  private final SparkApplications.Finished failing;
  private final SparkApplications.Finished pluginOff;
  private final SparkApplications.Finished storeUnopenable;
  private final SparkApplications.Finished elastic;
  private final S3ProxyAccess s3;
  private final Lineage lineage;

  private final SparkApplications.Distribution spark;

  SparkPluginScenarios(SparkApplications.Distribution spark) throws Exception {
    this.spark = spark;
    work = Files.createTempDirectory("lineage-spark-" + spark.name());
    store = work.resolve("store");
    csv = Files.createDirectories(work.resolve("customers-csv"));
    List<String> rows = new ArrayList<>(List.of("id,name,churned"));
    for (int i = 0; i < 200; i++) {
      rows.add(i + ",customer-" + i + "," + (i % 3 == 0 ? 1 : 0));
    }
    Files.write(csv.resolve("part-0.csv"), rows);
    textIn = Files.createDirectories(work.resolve("notes"));
    Files.writeString(textIn.resolve("a.txt"), "first line\nsecond line\n");
    Files.writeString(textIn.resolve("b.txt"), "third line\n");
    Files.writeString(textIn.resolve("_ignored"), "a marker no input format reads\n");
    parquet = work.resolve("churned.parquet");
    textOut = work.resolve("notes-upper");
    SparkApplications apps = new SparkApplications(spark, work, SparkApplications.SHORT_LIVED);
    String storeUri = store.toUri().toString();
    s3 = S3ProxyAccess.start(Files.createDirectories(work.resolve("s3proxy")));
    s3.createBucket("ml-bucket");
    // The applications that write no directory store run beside the ones that do (the tasks application reads that
    // store back whole, and its view counts would see a run appear): the suite waits for the longer of the two
    // chains, not for the sum.
    java.util.concurrent.ExecutorService beside = java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.Future<List<SparkApplications.Finished>> others = beside.submit(() -> List.of(
        apps.run("elastic", "dev.lineage.spark.jobs.ElasticJob", Map.ofEntries(
            Map.entry("spark.lineage.store", "s3://ml-bucket/spark-runs"),
            Map.entry("spark.lineage.s3.endpoint", s3.endpoint()), Map.entry("spark.lineage.s3.region", "eu-west-1"),
            Map.entry("spark.lineage.s3.pathStyle", "true"), Map.entry("spark.lineage.s3.access.key", s3.identity()),
            Map.entry("spark.lineage.s3.secret.key", s3.credential()),
            Map.entry("spark.dynamicAllocation.enabled", "true"),
            Map.entry("spark.dynamicAllocation.shuffleTracking.enabled", "true"),
            Map.entry("spark.dynamicAllocation.initialExecutors", "0"),
            Map.entry("spark.dynamicAllocation.minExecutors", "0"),
            Map.entry("spark.dynamicAllocation.maxExecutors", "2"),
            Map.entry("spark.dynamicAllocation.executorIdleTimeout", "1s"))),
        // One executor in its own JVM is all these two need: a JVM start less each.
        apps.run("plugin-off", "dev.lineage.spark.jobs.UnrecordedJob", Map.of("spark.plugins", "",
            "spark.master", ONE_EXECUTOR)),
        apps.run("store-unopenable", "dev.lineage.spark.jobs.UnrecordedJob", // a file: no store can be made there
            Map.of("spark.lineage.store", csv.resolve("part-0.csv").toString(), "spark.master", ONE_EXECUTOR))));
    etl = apps.run("etl", "dev.lineage.spark.jobs.EtlJob", Map.of("spark.lineage.store", storeUri,
        "spark.hadoop.fs.s3a.secret.key", SECRET, "spark.hadoop.fs.s3a.access.key", ACCESS_KEY,
        "spark.acme.db.password", PASSWORD), csv.toString(), parquet.toString(), textIn.toString(),
        textOut.toString());
    CpuHog hog = new CpuHog();
    try {
      tasks = apps.run("tasks", "dev.lineage.spark.jobs.TasksJob", Map.of("spark.lineage.store", storeUri,
          "spark.task.maxFailures", "4"), parquet.toString(), storeUri);
    } finally {
      hog.close();
    }
    failing = apps.run("failing", "dev.lineage.spark.jobs.FailingJob", Map.of("spark.lineage.store", storeUri),
        storeUri);
    List<SparkApplications.Finished> finished = others.get(10, java.util.concurrent.TimeUnit.MINUTES);
    beside.shutdown();
    elastic = finished.get(0);
    pluginOff = finished.get(1);
    storeUnopenable = finished.get(2);
    lineage = Lineage.openReadOnly(store.toString());
  }

  @AfterAll
  void close() throws IOException {
    lineage.close();
    s3.close();
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  abstract String sparkVersion();

  private RunRecord run(String name) {
    return lineage.runs(RunQuery.all().name(name)).stream().findFirst()
        .orElseThrow(() -> new AssertionError("no run " + name + "; etl:\n" + tail(etl) + "\ntasks:\n" + tail(tasks)));
  }

  private static String tail(SparkApplications.Finished f) {
    String[] lines = f.output().split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }

  private static Optional<Artifact> named(List<Artifact> artifacts, String name) {
    return artifacts.stream().filter(a -> a.name().orElse("").equals(name)).findFirst();
  }

  @Test
  void anApplicationWithNoLineageCodeIsARunWithItsSparkItsDataAndItsOutcome() {
    assertEquals(0, etl.exit(), tail(etl));
    RunRecord r = run("etl");
    assertEquals(RunStatus.SUCCEEDED, r.status(), r.failure() + " " + r.trackingErrors());
    assertEquals(sparkVersion(), r.params().get("spark.version").asString());
    assertEquals("local-cluster[2,1,1024]", r.params().get("spark.master").asString());
    assertEquals("client", r.params().get("spark.submit.deployMode").asString());
    assertTrue(r.params().get("spark.app.id").asString().startsWith("app-"), r.params().toString());
    assertTrue(r.fingerprint().frameworks().get("spark").startsWith(sparkVersion()), r.fingerprint().toString());
    assertTrue(r.fingerprint().frameworks().get("scala").startsWith(spark.scala() + "."), "Scala's own version, "
        + "from its library.properties: " + r.fingerprint().frameworks());
    assertTrue(named(r.inputs(), "spark-configuration").isPresent());
    assertTrue(r.inputs().stream().anyMatch(a -> a.name().orElse("").matches("jar:lineage-spark-.*-all\\.jar")),
        "the shipped jars, by digest: " + r.inputs());

    String csvName = "dataset:file:" + csv;
    assertTrue(r.inputs().stream().anyMatch(a -> a.name().orElse("").equals(csvName)), csvName + " in " + r.inputs());
    assertTrue(r.inputs().stream().anyMatch(a -> a.name().orElse("").endsWith("/notes")), "the RDD's input: "
        + r.inputs());
    assertTrue(r.outputs().stream().anyMatch(a -> a.name().orElse("").endsWith("/churned.parquet")),
        "the SQL write: " + r.outputs());
    assertTrue(r.outputs().stream().anyMatch(a -> a.name().orElse("").endsWith("/notes-upper")),
        "what saveAsTextFile committed: " + r.outputs());
    assertFalse(r.params().keySet().stream().anyMatch(k -> k.startsWith("spark.unseen")), r.params().toString());

    List<MetricPoint> jobs = lineage.metric(r.id(), "spark.job.failed");
    assertTrue(jobs.size() >= 2 && jobs.stream().allMatch(p -> p.value() == 0), "every job succeeded: " + jobs);
  }

  /** Each application records the jars it ships by digest; content-addressed, an unchanged jar is stored once. */
  @Test
  void aShippedJarIsStoredOnceForEveryApplicationThatShipsIt() throws IOException {
    List<Artifact> bundles = new ArrayList<>();
    for (String app : List.of("etl", "tasks", "own-run")) {
      bundles.add(run(app).inputs().stream().filter(a -> a.name().orElse("").matches("jar:lineage-spark-.*-all\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError(app + " records its jars")));
    }
    assertEquals(1, bundles.stream().map(Artifact::digest).distinct().count(), bundles.toString());
    Digest d = bundles.get(0).digest();
    Path blob = store.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex());
    assertEquals(bundles.get(0).size(), Files.size(blob), "the one copy, of the jar's size");
    try (Stream<Path> files = Files.walk(store)) {
      assertEquals(1, files.filter(Files::isRegularFile).filter(f -> {
        try {
          return Files.size(f) == bundles.get(0).size();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).count(), "no second copy of the jar for three applications");
    }
  }

  @Test
  void aDatasetIsItsListingAndTheJobThatWroteItMeetsTheJobThatReadIt() throws IOException {
    RunRecord writer = run("etl");
    RunRecord reader = run("tasks");
    Artifact written = writer.outputs().stream().filter(a -> a.name().orElse("").endsWith("/churned.parquet"))
        .findFirst().orElseThrow();
    Artifact read = named(reader.inputs(), written.name().get()).orElseThrow(() -> new AssertionError(
        "tasks read " + reader.inputs()));
    assertEquals(written.digest(), read.digest(), "the same files, the same identity");
    assertEquals(List.of(writer.id()), lineage.graph().producers(written.digest()));
    assertTrue(lineage.graph().consumers(written.digest()).contains(reader.id()));
    try (var in = lineage.openArtifact(written)) {
      String listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(listing.startsWith("lineage-dataset-listing/1\n"), listing);
      assertTrue(listing.contains(".parquet\t"), listing);
      assertFalse(listing.contains("_SUCCESS"), "markers are not data: " + listing);
    }
    Artifact notes = writer.inputs().stream().filter(a -> a.name().orElse("").endsWith("/notes")).findFirst()
        .orElseThrow();
    try (var in = lineage.openArtifact(notes)) {
      String listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(listing.contains("a.txt\t23\t") && listing.contains("b.txt\t11\t"), listing);
      assertFalse(listing.contains("_ignored"), listing);
    }
  }

  /**
   * Exported to OpenLineage, the datasets Spark read and wrote carry the names Spark's own OpenLineage integration
   * gives the same files, so a backend such as Marquez joins our run to theirs. That integration names a file scan's
   * or a write's root by {@code PathUtils.fromPath(root)}, which is {@code FilesystemDatasetUtils.fromLocation} of
   * the root's URI (openlineage-spark 1.39.0, whose jar the registry here does not serve; the function it calls is
   * the client's, used below), with the root qualified as Spark's plans hold it.
   */
  @Test
  void datasetsExportToOpenLineageUnderTheNamesSparksOwnIntegrationGivesThem() throws Exception {
    RunRecord r = run("etl");
    List<OpenLineage.RunEvent> events = new OpenLineageEvents("spark", store.toUri().toString(), lineage::runRecord)
        .of(r);
    OpenLineage.RunEvent end = events.get(events.size() - 1);
    java.util.Set<List<String>> read = end.getInputs().stream().map(d -> List.of(d.getNamespace(), d.getName()))
        .collect(Collectors.toSet());
    java.util.Set<List<String>> written = end.getOutputs().stream().map(d -> List.of(d.getNamespace(), d.getName()))
        .collect(Collectors.toSet());
    for (Path input : List.of(csv, textIn)) {
      assertTrue(read.contains(sparkIntegrationsName(input)), sparkIntegrationsName(input) + " in " + read);
      assertTrue(read.contains(List.of("file", input.toString())), "the spec's naming for a local file");
    }
    for (Path output : List.of(parquet, textOut)) {
      assertTrue(written.contains(sparkIntegrationsName(output)), sparkIntegrationsName(output) + " in " + written);
    }
  }

  private static List<String> sparkIntegrationsName(Path local) throws java.net.URISyntaxException {
    DatasetIdentifier id = FilesystemDatasetUtils.fromLocation(new java.net.URI("file", null, local.toString(), null));
    return List.of(id.getNamespace(), id.getName());
  }

  @Test
  void secretsInTheConfigurationAreNeverStored() throws IOException {
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(store)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String secret : List.of(SECRET, ACCESS_KEY, PASSWORD, "fs.s3a.secret.key", "db.password")) {
          if (text.contains(secret)) {
            leaks.add(secret + " in " + store.relativize(f));
          }
        }
      }
    }
    assertEquals(List.of(), leaks);
    try (var in = lineage.openArtifact(named(run("etl").inputs(), "spark-configuration").orElseThrow())) {
      String conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(conf.contains("spark.plugins=dev.lineage.spark.LineagePlugin"), conf);
    }
  }

  @Test
  void withThePluginOffAJobsLoggingLinesAreANoOpWithOneWarningNotAFailedJob() {
    assertEquals(0, pluginOff.exit(), tail(pluginOff));
    assertTrue(pluginOff.output().contains("UnrecordedJob: done"), tail(pluginOff));
    assertEquals(1, pluginOff.output().split("Lineage records nothing here", -1).length - 1,
        "one warning on the driver: " + tail(pluginOff));
  }

  @Test
  void aStoreThePluginCannotOpenIsALoudWarningNeverAFailedSparkContext() {
    assertEquals(0, storeUnopenable.exit(), tail(storeUnopenable));
    assertTrue(storeUnopenable.output().contains("UnrecordedJob: done"), tail(storeUnopenable));
    assertTrue(storeUnopenable.output().contains("could not open its store"), tail(storeUnopenable));
    assertTrue(storeUnopenable.output().contains("is NOT recorded"), tail(storeUnopenable));
  }

  /**
   * Executors lost at three moments, on a loaded machine: mid-task (partition 5: its points were never claimed, the
   * retry's stand), while the attempt's records were being flushed (partition 6: likewise, and its writer never
   * closed), and right after the driver granted the claim (partition 3: the first attempt's points stand, the
   * retry's are refused). Exactly one successful attempt's points per partition, and none lost.
   */
  @Test
  void tasksLogOnePointPerPartitionThroughRetriesAndLostExecutors() {
    assertEquals(0, tasks.exit(), tail(tasks));
    RunRecord r = run("tasks");
    List<MetricPoint> loss = lineage.metric(r.id(), "partition_loss");
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), loss.stream().map(MetricPoint::step).toList(),
        "one point per partition, at the partition's number: " + loss);
    assertTrue(loss.stream().allMatch(p -> p.value() >= 0), "no failed attempt's point: " + loss);
    assertEquals(Map.of(0L, 0.0, 1L, 0.0, 2L, 1.0, 3L, 0.0, 4L, 0.0, 5L, 1.0, 6L, 1.0, 7L, 0.0),
        attempts(r, "partition_attempt"), "the attempt whose points stand: the granted one");
    long rows = lineage.metric(r.id(), "partition_rows").stream().mapToLong(p -> (long) p.value()).sum();
    assertEquals(800, rows, "every row counted once");
    assertTrue(named(r.outputs(), "partition-6-summary").isPresent(), "the retry's artifact: " + r.outputs());
    // The writer of partition 6's first attempt was flushed but never closed: the run is never SUCCEEDED, and once
    // that writer has been silent past the run's lease (read here through a clock past it) it is INCOMPLETE,
    // naming that writer alone. The other lost executors had recorded nothing of their own.
    assertNotEquals(RunStatus.SUCCEEDED, r.status(), r.failure() + " " + r.trackingErrors());
    try (Lineage later = Lineage.builder().store(store.toString()).readOnly(true)
        .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(15))).build()) {
      RunRecord settled = later.runRecord(r.id());
      assertEquals(RunStatus.INCOMPLETE, settled.status(), settled.failure() + " " + settled.trackingErrors());
      assertEquals(1, settled.trackingErrors().size(), settled.trackingErrors().toString());
      assertTrue(settled.trackingErrors().get(0).contains("never closed"), settled.trackingErrors().toString());
    }
    assertTrue(tasks.output().contains("TasksJob: parquet"), tail(tasks));
    assertFalse(tasks.output().contains("MISMATCH"), tail(tasks));
    assertEquals(2, executorsHalted(tasks), "both halts the plugin was told to make happened");
  }

  /** The executors that ended as the plugin's test halt ends them, by the worker's report in the driver's log. */
  private static long executorsHalted(SparkApplications.Finished app) {
    return java.util.regex.Pattern.compile("app-[0-9-]+/(\\d+)[^\n]*exited with code 137").matcher(app.output())
        .results().map(m -> m.group(1)).distinct().count();
  }

  private Map<Long, Double> attempts(RunRecord r, String key) {
    return lineage.metric(r.id(), key).stream().collect(Collectors.toMap(MetricPoint::step, MetricPoint::value));
  }

  /**
   * An S3 store reached from every executor with its endpoint, region and credentials given only as Lineage's
   * settings (no environment reaches the executors), executors released by dynamic allocation between two jobs and
   * two lost in the first (mid-task, and right after a grant): every granted point is kept, the run SUCCEEDED, and
   * neither credential is anywhere in the bucket.
   */
  @Test
  void onS3WithExecutorsReleasedAndLostEveryGrantedPointIsKept() throws IOException {
    assertEquals(0, elastic.exit(), tail(elastic));
    S3Backend bucket = S3Backend.builder().bucket("ml-bucket").prefix("spark-runs").endpoint(
        java.net.URI.create(s3.endpoint())).pathStyle(true).region("eu-west-1")
        .credentials(Credentials.of(s3.identity(), s3.credential())).build();
    try (Lineage onS3 = Lineage.builder().backend(bucket).readOnly(true).build()) {
      RunRecord r = onS3.runs(RunQuery.all().name("elastic")).stream().findFirst().orElseThrow(
          () -> new AssertionError("no run on S3:\n" + tail(elastic)));
      assertEquals(RunStatus.SUCCEEDED, r.status(), r.failure() + " " + r.trackingErrors());
      assertEquals("true", r.params().get("spark.dynamicAllocation.enabled").asString());
      assertEquals(Map.of(0L, 0.0, 1L, 0.0, 2L, 0.0, 3L, 0.0, 4L, 0.0, 5L, 1.0, 6L, 0.0, 7L, 0.0),
          onS3.metric(r.id(), "partition_attempt").stream().collect(Collectors.toMap(MetricPoint::step,
              MetricPoint::value)), "one attempt per partition, the granted one");
      assertEquals(List.of(0L, 1L, 2L, 3L), onS3.metric(r.id(), "second_job").stream().map(MetricPoint::step)
          .toList(), "the second job, on executors started after the first ones were released");
      List<String> leaks = new ArrayList<>();
      for (var object : bucket.listAll("")) {
        try (var in = bucket.get(object.key()).orElseThrow()) {
          String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          for (String secret : List.of(s3.identity(), s3.credential(), "lineage.s3.secret")) {
            if (text.contains(secret)) {
              leaks.add(secret.equals(s3.credential()) ? "the secret key" : secret + " in " + object.key());
            }
          }
        }
      }
      assertEquals(List.of(), leaks);
    }
    String released = elastic.output().lines().filter(l -> l.startsWith("ElasticJob: executors")).findFirst()
        .orElseThrow(() -> new AssertionError(tail(elastic)));
    assertFalse(released.endsWith("removed 0"), released);
    assertEquals(1, executorsHalted(elastic), "the halt the plugin was told to make happened");
    String views = elastic.output().lines().filter(l -> l.startsWith("ElasticJob: views: ")).findFirst()
        .orElseThrow(() -> new AssertionError(tail(elastic)));
    assertTrue(views.contains("lineage_metric_points") && views.contains("S3A")
        && views.contains("the other views are registered"), "a view Spark cannot read is said missing: " + views);
    assertTrue(elastic.output().contains("ElasticJob: lineage_runs: 1"), tail(elastic));
  }

  @Test
  void aStepInTheDriverWhoseBodyCallsSparkIsFingerprintedAndHitsTheSecondTime() {
    assertTrue(failing.output().contains("FailingJob: step count-range call 1: miss, 100 rows, no earlier entry"),
        tail(failing));
    assertTrue(failing.output().contains("FailingJob: step count-range call 2: hit, 100 rows, served"), tail(failing));
    List<RunRecord> steps = lineage.runs(RunQuery.all().name("count-range"));
    assertEquals(2, steps.size());
    assertEquals(1, steps.stream().filter(r -> r.step().orElseThrow().cacheHit()).count());
    assertTrue(steps.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED));
  }

  @Test
  void aFailedJobFailsTheRunEvenWhenTheDriverSaysOtherwise() {
    assertEquals(0, failing.exit(), tail(failing));
    assertTrue(failing.output().contains("FailingJob: succeed() refused"), tail(failing));
    RunRecord r = run("own-run");
    assertEquals(RunStatus.FAILED, r.status());
    assertTrue(r.failure().orElse("").contains("Spark job"), r.failure().toString());
    assertEquals("the driver", r.params().get("owner").asString(), "the driver's own run is the application's");
    assertEquals(sparkVersion(), r.params().get("spark.version").asString());
    assertEquals(Map.of(), lineage.runs(RunQuery.all().name("failing")).stream()
        .collect(Collectors.toMap(RunRecord::name, RunRecord::status)), "no second run for the application");
  }
}
