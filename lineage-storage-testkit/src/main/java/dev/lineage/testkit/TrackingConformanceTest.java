package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.InputWait;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.RunWriter;
import dev.lineage.query.RunQuery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking API over a backend: what a user logs reads back identically, and rejected calls lose nothing.
 * Every backend's test suite extends this class with a builder for a fresh store.
 *
 * @since 0.1.0
 */
public abstract class TrackingConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** A Lineage over the backend under test, opened before each test and closed after it. */
  protected Lineage lineage;

  /** A builder for a Lineage over a new, empty store. */
  protected abstract Lineage.Builder newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    lineage = newStore().build();
  }

  @AfterEach
  void close() {
    if (lineage != null) {
      lineage.close();
    }
  }

  @Test
  void paramsAreTypedAndReadBackExactly() {
    RunId id;
    try (Run run = lineage.newRun("typed")) {
      run.logParam("lr", 0.01).logParam("epochs", 20L).logParam("optimizer", "adam").logParam("shuffle", true);
      run.logParam("nan", Double.NaN).logParam("neg-inf", Double.NEGATIVE_INFINITY);
      id = run.id();
    }
    Map<String, ParamValue> params = lineage.runRecord(id).params();
    assertEquals(ParamValue.of(0.01), params.get("lr"));
    assertEquals(20L, params.get("epochs").asLong());
    assertEquals("adam", params.get("optimizer").asString());
    assertTrue(params.get("shuffle").asBoolean());
    assertTrue(Double.isNaN(params.get("nan").asDouble()));
    assertEquals(Double.NEGATIVE_INFINITY, params.get("neg-inf").asDouble());
  }

  @Test
  void paramsAreImmutableAndARejectedChangeLosesNothing() {
    RunId id;
    try (Run run = lineage.newRun("immutable")) {
      run.logParam("lr", 0.01);
      run.logParam("lr", 0.01); // same value: a no-op
      InvalidInputException changed = assertThrows(InvalidInputException.class, () -> run.logParam("lr", 0.02));
      assertTrue(changed.field().contains("lr"), changed.getMessage());
      InvalidInputException retyped = assertThrows(InvalidInputException.class, () -> run.logParam("lr", "0.01"));
      assertTrue(retyped.rule().contains("immutable"), retyped.getMessage());
      run.logMetric("loss", 1.0, 0);
      id = run.id();
      run.succeed();
    }
    RunRecord record = lineage.runRecord(id);
    assertEquals(Map.of("lr", ParamValue.of(0.01)), record.params());
    assertEquals(RunStatus.SUCCEEDED, record.status());
    assertEquals(1, lineage.metric(id, "loss").size());
  }

  @Test
  void metricsKeepStepsTimesAndNonFiniteValues() {
    RunId id;
    try (Run run = lineage.newRun("metrics")) {
      run.logMetric("loss", 0.5, 10);
      run.logMetric("loss", Double.NaN, 11);
      run.logMetric("loss", Double.POSITIVE_INFINITY, 12);
      run.logMetric("loss", Double.NEGATIVE_INFINITY, 13);
      run.logMetric("acc", 0.1);
      run.logMetric("acc", 0.2);
      run.logMetric("acc", 0.3, 7);
      run.logMetric("acc", 0.4);
      id = run.id();
    }
    List<MetricPoint> loss = lineage.metric(id, "loss");
    assertEquals(List.of(10L, 11L, 12L, 13L), loss.stream().map(MetricPoint::step).toList());
    assertEquals(0.5, loss.get(0).value());
    assertTrue(Double.isNaN(loss.get(1).value()));
    assertEquals(Double.POSITIVE_INFINITY, loss.get(2).value());
    assertEquals(Double.NEGATIVE_INFINITY, loss.get(3).value());
    List<MetricPoint> acc = lineage.metric(id, "acc");
    assertEquals(List.of(0L, 1L, 7L, 8L), acc.stream().map(MetricPoint::step).toList());
    assertEquals(List.of(0.1, 0.2, 0.3, 0.4), acc.stream().map(MetricPoint::value).toList());
    assertTrue(acc.stream().allMatch(p -> p.timestampMillis() > 0));
    assertEquals(List.of("acc", "loss"), lineage.metrics(id).keySet().stream()
        .filter(k -> !k.startsWith("lineage.")).toList(), "the user's keys, beside the sampler's reserved ones");
    Map<String, MetricSummary> summaries = lineage.runRecord(id).metrics();
    assertEquals(new MetricSummary("acc", 4, 8, 0.4, 0.1, 0.4), summaries.get("acc"));
    assertEquals(new MetricSummary("loss", 4, 13, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY), summaries.get("loss"));
  }

  @Test
  void manyPointsThroughASmallBufferAreAllKept() throws Exception {
    Lineage small = newStore().metricBufferPoints(4096).build();
    try (small) {
      RunId id;
      try (Run run = small.newRun("backpressure")) {
        for (int i = 0; i < 300_000; i++) {
          run.logMetric("loss", 1.0 / (1 + i), i);
        }
        id = run.id();
      }
      List<MetricPoint> loss = small.metric(id, "loss");
      assertEquals(300_000, loss.size());
      for (int i = 0; i < loss.size(); i++) {
        assertEquals(i, loss.get(i).step());
        assertEquals(1.0 / (1 + i), loss.get(i).value());
      }
    }
  }

  @Test
  void aTimedFlushPublishesWithoutAnyCallFromTheUser() throws Exception {
    Lineage timed = newStore().flushInterval(java.time.Duration.ofMillis(50)).build();
    try (timed; Run run = timed.newRun("timed")) {
      run.logParam("lr", 0.5);
      run.logMetric("loss", 0.25, 3);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (timed.metric(run.id(), "loss").isEmpty()
          || !timed.runRecord(run.id()).params().containsKey("lr")) {
        assertTrue(System.nanoTime() < deadline, "a 50 ms flush interval published nothing within 10 s");
        Thread.sleep(20);
      }
      assertEquals(List.of(new MetricPoint("loss", 3, timed.metric(run.id(), "loss").get(0).timestampMillis(), 0.25)),
          timed.metric(run.id(), "loss"));
    }
  }

  @Test
  void attachedWritersOnOtherThreadsAreMerged() throws Exception {
    RunId id;
    try (Run run = lineage.newRun("distributed")) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int worker = w;
          futures.add(pool.submit(() -> {
            try (RunWriter writer = lineage.attach(run.handle())) {
              for (int step = 0; step < 1000; step++) {
                writer.logMetric("worker-loss", worker + step / 1000.0, step * 4L + worker);
              }
              Path part = tmp.resolve("part-" + worker);
              Files.writeString(part, "partition " + worker);
              writer.produce(part, "part-" + worker);
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      run.logMetric("worker-loss", -1, 4000);
      id = run.id();
    }
    List<MetricPoint> merged = lineage.metric(id, "worker-loss");
    assertEquals(4001, merged.size());
    for (int i = 0; i < merged.size(); i++) {
      assertEquals(i, merged.get(i).step());
    }
    assertEquals(4, lineage.runRecord(id).outputs().size());
    MetricSummary summary = lineage.runRecord(id).metrics().get("worker-loss");
    assertEquals(new MetricSummary("worker-loss", 4001, 4000, -1, -1, 3.999), summary, "summaries merge across writers");
  }

  @Test
  void closeRecordsSucceededOnlyAfterSucceed() {
    Run run = lineage.newRun("ok");
    assertEquals(RunStatus.RUNNING, lineage.runRecord(run.id()).status());
    run.succeed();
    run.close();
    RunRecord record = lineage.runRecord(run.id());
    assertEquals(RunStatus.SUCCEEDED, record.status());
    assertTrue(record.endedAt().isPresent());
    assertEquals(Optional.empty(), record.failure());
    assertEquals(RunStatus.SUCCEEDED, run.status());
  }

  @Test
  void anExceptionInsideTryWithResourcesIsNeverRecordedAsSuccess() {
    RunId[] id = new RunId[1];
    assertThrows(IllegalStateException.class, () -> {
      try (Run run = lineage.newRun("crashes")) {
        id[0] = run.id();
        run.logParam("lr", 0.01);
        if (id[0] != null) {
          throw new IllegalStateException("training diverged");
        }
        run.succeed();
      }
    });
    RunRecord record = lineage.runRecord(id[0]);
    assertEquals(RunStatus.FAILED, record.status(), "close() cannot see the exception, so it must not guess success");
    assertTrue(record.failure().orElseThrow().contains("succeed()"), record.failure().toString());
    assertEquals(ParamValue.of(0.01), record.params().get("lr"), "and nothing logged is lost");
  }

  @Test
  void aFailureOrKillIsNotUndoneBySucceed() {
    Run run = lineage.newRun("failed-then-succeeded");
    run.fail(new RuntimeException("bad"));
    InvalidInputException e = assertThrows(InvalidInputException.class, run::succeed);
    assertEquals("run", e.field());
    run.close();
    assertEquals(RunStatus.FAILED, lineage.runRecord(run.id()).status());
  }

  @Test
  void aThrowingBodyRecordsFailedAndRethrowsTheSameException() {
    IOException thrown = new IOException("disk full");
    RunId[] id = new RunId[1];
    IOException caught = assertThrows(IOException.class, () -> lineage.run("fails", run -> {
      id[0] = run.id();
      run.logParam("lr", 0.1);
      throw thrown;
    }));
    assertSame(thrown, caught);
    RunRecord record = lineage.runRecord(id[0]);
    assertEquals(RunStatus.FAILED, record.status());
    assertEquals(ParamValue.of(0.1), record.params().get("lr"));

    IllegalStateException unchecked = new IllegalStateException("boom");
    assertSame(unchecked, assertThrows(IllegalStateException.class, () -> lineage.run("fails-too", run -> {
      throw unchecked;
    })));
    assertEquals("ok", lineage.run("returns", run -> "ok"));
  }

  @Test
  void failAndKillAreKeptByClose() {
    Run failed = lineage.newRun("failed");
    failed.fail(new RuntimeException("nope"));
    failed.close();
    Run killed = lineage.newRun("killed");
    killed.kill();
    killed.close();
    assertEquals(RunStatus.FAILED, lineage.runRecord(failed.id()).status());
    assertEquals(RunStatus.KILLED, lineage.runRecord(killed.id()).status());
  }

  @Test
  void nestedRunsPointToTheirParent() {
    try (Run parent = lineage.newRun("pipeline")) {
      try (Run child = parent.newChild("step-1")) {
        assertEquals(Optional.of(parent.id()), lineage.runRecord(child.id()).parent());
      }
      assertEquals(Optional.empty(), lineage.runRecord(parent.id()).parent());
    }
  }

  @Test
  void runIdsSortByStartTimeAndListingIsNewestFirstAndFiltered() {
    List<RunId> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try (Run run = lineage.newRun(i % 2 == 0 ? "even" : "odd")) {
        run.setTag("index", Integer.toString(i));
        if (i == 3) {
          run.kill();
        }
        ids.add(run.id());
      }
    }
    assertEquals(ids.stream().sorted().toList(), ids);
    List<RunId> newestFirst = new ArrayList<>(ids);
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, lineage.runs(RunQuery.all()).stream().map(RunRecord::id).toList());
    assertEquals(List.of(ids.get(4), ids.get(2), ids.get(0)),
        lineage.runs(RunQuery.all().name("even")).stream().map(RunRecord::id).toList());
    assertEquals(List.of(ids.get(1)),
        lineage.runs(RunQuery.all().tag("index", "1")).stream().map(RunRecord::id).toList());
    assertEquals(List.of(ids.get(3)),
        lineage.runs(RunQuery.all().status(RunStatus.KILLED)).stream().map(RunRecord::id).toList());
    assertEquals(2, lineage.runs(RunQuery.all().limit(2)).size());
    assertEquals(lineage.graph().search(RunQuery.all().name("even")), lineage.runs(RunQuery.all().name("even")),
        "one query path");
  }

  @Test
  void fileArtifactsAreContentAddressedAndRestorable() throws IOException {
    Path data = Files.writeString(tmp.resolve("train.csv"), "x,y\n1,2\n");
    Path copy = Files.writeString(tmp.resolve("copy.csv"), "x,y\n1,2\n");
    RunId id;
    Artifact used;
    Artifact produced;
    try (Run run = lineage.newRun("artifacts")) {
      used = run.use(data, "train-data");
      Artifact again = run.use(copy);
      assertEquals(used.digest(), again.digest(), "same content, same digest");
      produced = run.produce(Files.writeString(tmp.resolve("model.bin"), "weights"), "model");
      id = run.id();
    }
    assertEquals("sha256:b2b1c0fb7f6dff1b5d0e33a1b2e6b3d32c1b6c0a0a6d5a4f3a49e5a8f2c0e1d7".length(),
        used.digest().toString().length());
    RunRecord record = lineage.runRecord(id);
    assertEquals(List.of(used, new Artifact(used.digest(), ArtifactKind.FILE, 8, Optional.empty(),
        Optional.of(copy.toAbsolutePath().toUri()))), record.inputs(), "each use at its own location");
    assertEquals(List.of(produced), record.outputs());
    try (InputStream in = lineage.openArtifact(produced)) {
      assertEquals("weights", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Path restored = lineage.restore(used, tmp.resolve("restored/train.csv"));
    assertEquals("x,y\n1,2\n", Files.readString(restored));
  }

  @Test
  void contentInMemoryIsAnArtifactLikeAFileAndDigestOfNamesAPathAsRecorded() throws IOException {
    byte[] config = "{\"layers\":3}".getBytes(StandardCharsets.UTF_8);
    Path onDisk = Files.write(tmp.resolve("config.json"), config);
    Path dir = Files.createDirectories(tmp.resolve("shards"));
    Files.writeString(dir.resolve("part-0"), "a");
    Artifact fromMemory;
    Artifact produced;
    RunId id;
    try (Run run = lineage.newRun("in-memory")) {
      fromMemory = run.use("network-config", new java.io.ByteArrayInputStream(config));
      produced = run.produce("predictions", new java.io.ByteArrayInputStream(new byte[100_000]));
      assertEquals(run.use(onDisk).digest(), fromMemory.digest(), "the same bytes, the same digest");
      assertEquals(Digest.of(dir), run.use(dir).digest(), "a directory's digest is its manifest's");
      assertThrows(InvalidInputException.class, () -> run.use("bad/../name", new java.io.ByteArrayInputStream(config)));
      assertThrows(InvalidInputException.class, () -> run.produce("no-content", null));
      run.succeed();
      id = run.id();
    }
    assertEquals(Digest.of(onDisk), fromMemory.digest());
    assertEquals(new Artifact(fromMemory.digest(), ArtifactKind.FILE, config.length, Optional.of("network-config")),
        fromMemory);
    assertEquals(100_000, produced.size());
    RunRecord record = lineage.runRecord(id);
    assertEquals(RunStatus.SUCCEEDED, record.status(), "the rejected calls lost nothing: " + record);
    assertEquals(fromMemory, record.inputs().get(0));
    assertEquals(List.of(produced), record.outputs());
    try (InputStream in = lineage.openArtifact(fromMemory)) {
      assertArrayEquals(config, in.readAllBytes());
    }
    assertThrows(InvalidInputException.class, () -> Digest.of(tmp.resolve("missing")));
  }

  @Test
  void inputWaitIsSummedOverWritersAndMakesARunDataBound() throws Exception {
    RunId id;
    try (Run run = lineage.newRun("train")) {
      id = run.id();
      run.logInputWait(3_000_000, 1_000_000);
      try (RunWriter attached = lineage.attach(run.handle())) { // a second writer, as another thread or JVM has
        attached.logInputWait(2_000_000, 1_000_000);
        attached.logInputWait(1_000_000, 0);
      }
      assertThrows(InvalidInputException.class, () -> run.logInputWait(-1, 0));
      run.succeed();
    }
    RunId computeBound = lineage.run("balanced", r -> {
      r.logInputWait(1_000, 9_000);
      return r.id();
    });
    RunId silent = lineage.run("silent", RunWriter::id);
    RunRecord record = lineage.runRecord(id);
    assertEquals(new InputWait(3, Duration.ofMillis(6), Duration.ofMillis(2)), record.inputWait().orElseThrow());
    assertEquals(0.75, record.inputWait().get().waitingFraction(), 1e-9);
    assertTrue(record.dataBound());
    assertFalse(lineage.runRecord(computeBound).dataBound());
    assertEquals(Optional.empty(), lineage.runRecord(silent).inputWait());
    assertEquals(List.of(id), lineage.runs(RunQuery.all().dataBound()).stream().map(RunRecord::id).toList());
    lineage.publishIndex();
    assertEquals(record, lineage.graph().run(id), "the index keeps it");
    assertEquals(List.of(id), lineage.graph().search(RunQuery.all().dataBound()).stream().map(RunRecord::id)
        .toList());
  }

  @Test
  void somethingThatCouldNotBeRecordedKeepsARunFromSucceeding() {
    RunId id;
    try (Run run = lineage.newRun("listener-failed")) {
      id = run.id();
      run.markIncomplete("the DL4J listener could not store the network configuration");
      assertThrows(InvalidInputException.class, () -> run.markIncomplete(" "));
      run.succeed();
    }
    RunRecord record = lineage.runRecord(id);
    assertEquals(RunStatus.INCOMPLETE, record.status());
    assertEquals(List.of("the DL4J listener could not store the network configuration"), record.trackingErrors());
    assertTrue(record.failure().orElseThrow().contains("could not store the network configuration"),
        record.failure().toString());
  }

  @Test
  void aLossAnAttachedWriterRecordedBeforeTheOwnerSucceededKeepsTheRunFromSucceeding() {
    Run run = lineage.newRun("two-writers");
    try (RunWriter executor = lineage.attach(run.handle())) {
      executor.logMetric("partition_loss", 0.5, 0);
      executor.markIncomplete("executor 1 lost the points of partition 3");
    }
    run.succeed();
    run.close();
    RunRecord record = lineage.runRecord(run.id());
    assertEquals(RunStatus.INCOMPLETE, record.status(), record.toString());
    assertEquals(List.of("executor 1 lost the points of partition 3"), record.trackingErrors());
    assertTrue(record.failure().orElseThrow().contains("partition 3"), record.failure().toString());
    assertTrue(record.endedAt().isPresent());
    assertEquals(List.of(run.id()), lineage.runs(RunQuery.all().status(RunStatus.INCOMPLETE)).stream()
        .map(RunRecord::id).toList(), "searches see the status the record shows");
    assertEquals(List.of(), lineage.runs(RunQuery.all().status(RunStatus.SUCCEEDED)));
    lineage.publishIndex();
    assertEquals(RunStatus.INCOMPLETE, lineage.graph().run(run.id()).status(), "and so does the index");
  }

  @Test
  void aLossAnAttachedWriterRecordedAfterTheOwnerEndedKeepsTheRunFromSucceeding() {
    Run run = lineage.newRun("two-writers");
    RunWriter executor = lineage.attach(run.handle());
    executor.logMetric("partition_loss", 0.5, 0);
    run.succeed();
    run.close();
    assertEquals(RunStatus.SUCCEEDED, run.status(), "what the owner said when it ended");
    RunRecord meanwhile = lineage.runRecord(run.id());
    assertEquals(RunStatus.RUNNING, meanwhile.status(), "a writer is still open, so the run is still being written");
    assertTrue(meanwhile.endedAt().isEmpty());
    executor.markIncomplete("executor 1 lost the points of partition 3");
    executor.close();
    RunRecord record = lineage.runRecord(run.id());
    assertEquals(RunStatus.INCOMPLETE, record.status(), record.toString());
    assertEquals(List.of("executor 1 lost the points of partition 3"), record.trackingErrors());
    assertEquals(1, lineage.metric(run.id(), "partition_loss").size(), "what was stored is kept");
  }

  @Test
  void anAttachedWriterThatClosesAfterTheOwnerEndedLeavesTheRunSucceededOnceItHasClosed() {
    Run run = lineage.newRun("two-writers");
    RunWriter executor = lineage.attach(run.handle());
    run.succeed();
    run.close();
    executor.logMetric("partition_loss", 0.5, 0);
    assertEquals(RunStatus.RUNNING, lineage.runRecord(run.id()).status());
    executor.close();
    RunRecord record = lineage.runRecord(run.id());
    assertEquals(RunStatus.SUCCEEDED, record.status(), record.toString());
    assertEquals(List.of(), record.trackingErrors());
    assertTrue(record.endedAt().isPresent());
    assertEquals(1, lineage.metric(run.id(), "partition_loss").size());
    assertThrows(InvalidInputException.class, () -> lineage.attach(run.handle()), "an ended run takes no writer");
  }

  @Test
  void directoryArtifactsRestoreTheWholeTree() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("dataset"));
    Files.writeString(dir.resolve("a.txt"), "alpha");
    Files.createDirectories(dir.resolve("nested/deeper"));
    Files.writeString(dir.resolve("nested/deeper/b.txt"), "beta");
    Files.writeString(dir.resolve("nested/c with space.txt"), "gamma");
    Artifact artifact;
    try (Run run = lineage.newRun("dirs")) {
      artifact = run.use(dir, "dataset");
    }
    assertEquals(ArtifactKind.DIRECTORY, artifact.kind());
    assertEquals(14, artifact.size());
    Path out = lineage.restore(artifact, tmp.resolve("out"));
    assertEquals("alpha", Files.readString(out.resolve("a.txt")));
    assertEquals("beta", Files.readString(out.resolve("nested/deeper/b.txt")));
    assertEquals("gamma", Files.readString(out.resolve("nested/c with space.txt")));

    Files.writeString(dir.resolve("a.txt"), "alphA");
    try (Run run = lineage.newRun("dirs-changed")) {
      assertNotEquals(artifact.digest(), run.use(dir).digest(), "one changed byte changes the tree digest");
    }
  }

  @Test
  void badInputIsRejectedWithTheFieldAndRuleAndLosesNothing() {
    RunId id;
    try (Run run = lineage.newRun("strict")) {
      run.logParam("kept", "yes");
      run.logMetric("loss", 1.0, 0);
      assertField("param key", () -> run.logParam("", 1L));
      assertField("param key", () -> run.logParam("bad\u0001key", 1L));
      assertField("param key", () -> run.logParam("a/../b", 1L));
      assertField("param key", () -> run.logParam("k".repeat(251), 1L));
      assertField("param value", () -> run.logParam("big", "v".repeat(ParamValue.MAX_STRING_BYTES + 1)));
      assertField("metric key", () -> run.logMetric("line\nbreak", 1.0));
      assertField("metric step", () -> run.logMetric("loss", 1.0, -1));
      assertField("artifact path", () -> run.use(tmp.resolve("missing.csv")));
      assertField("artifact name", () -> run.produce(tmp, "../escape"));
      assertField("tag key", () -> run.setTag("", "v"));
      assertField("run name", () -> run.newChild(""));
      id = run.id();
      run.succeed();
    }
    assertField("run name", () -> lineage.newRun("\u0000"));
    RunRecord record = lineage.runRecord(id);
    assertEquals(Map.of("kept", ParamValue.of("yes")), record.params());
    assertEquals(1, lineage.metric(id, "loss").size());
    assertEquals(RunStatus.SUCCEEDED, record.status());
  }

  @Test
  void fingerprintIsCapturedAtStart() {
    try (Run run = lineage.newRun("fingerprinted")) {
      RunRecord record = lineage.runRecord(run.id());
      assertEquals(System.getProperty("java.vendor"), record.fingerprint().jvmVendor());
      assertTrue(record.fingerprint().classpathDigest().startsWith("sha256:"));
      assertTrue(record.fingerprint().environment().keySet().stream().noneMatch(k -> k.contains("SECRET")));
    }
  }

  @Test
  void writingToAClosedRunOrLineageIsATypedRejection() {
    Run run = lineage.newRun("closed");
    run.logParam("kept", 1L);
    run.succeed();
    run.close();
    assertField("run writer", () -> run.logParam("late", 2L));
    assertField("run writer", () -> run.logMetric("loss", 1.0));
    assertEquals(Map.of("kept", ParamValue.of(1L)), lineage.runRecord(run.id()).params());
    Lineage other = Lineage.builder().store("mem:").tempDir(tmp).build();
    other.close();
    assertField("lineage", () -> other.newRun("after-close"));
  }

  @Test
  void attachingToAnEndedRunIsRejected() {
    Run run = lineage.newRun("ended");
    run.close();
    assertField("handle", () -> lineage.attach(run.handle()));
  }

  private static void assertField(String field, org.junit.jupiter.api.function.Executable call) {
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertTrue(e.field().startsWith(field), "expected field '" + field + "' in: " + e.getMessage());
    assertTrue(!e.rule().isBlank(), "a rule is named");
  }
}
