package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.ConflictException;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.ParamValue;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.Closure;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.NodeKind;
import dev.lineage.query.RunDiff;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelVersion;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage queries and the model registry over a backend. The fixture: a raw dataset feeds a cached "prepare"
 * step, whose output trains two models (different learning rates); the better one is registered and aliased.
 *
 * @since 0.1.0
 */
public abstract class QueryConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** The backend under test: a new one, from {@code newBackend()}, for each test. */
  protected StorageBackend backend;
  /** A Lineage over the backend under test, opened before each test and closed after it. */
  protected Lineage lineage;
  private Artifact raw;
  private StepResult prepared;
  private RunId trainA;
  private RunId trainB;
  private Artifact modelB;

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void buildFixture() throws Exception {
    backend = newBackend();
    lineage = builder().build();
    Path rawFile = Files.writeString(tmp.resolve("raw.csv"), "x,y\n1,0\n2,1\n3,1\n");
    raw = lineage.run("ingest", ingest -> ingest.produce(rawFile, "validated-train"));
    prepared = lineage.step("prepare").param("scale", 2).input("raw", raw).codeVersion("v1").run(ctx -> {
      Path out = ctx.outputDir().resolve("prepared.csv");
      Files.writeString(out, Files.readString(ctx.input("raw")).replace("1", "2"));
      ctx.produce(out, "prepared");
    });
    trainA = train(0.1, 0.71, "a");
    trainB = train(0.01, 0.84, "b");
    modelB = lineage.runRecord(trainB).outputs().get(0);
  }

  /** The backend without injected faults, for a test's own changes to the store: they are not under test. */
  private StorageBackend fixture() {
    return backend instanceof FaultInjectingBackend faults ? faults.delegate() : backend;
  }

  private Lineage.Builder builder() {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).workDir(tmp.resolve("w"))
        .principal("ci-bot").requireReason(true);
  }

  private RunId train(double lr, double accuracy, String weights) throws IOException {
    return lineage.run("train", run -> {
      run.logParam("lr", lr);
      run.use(prepared.output("prepared").path(), "prepared");
      for (int epoch = 0; epoch < 5; epoch++) {
        run.logMetric("accuracy", accuracy - (4 - epoch) * 0.05, epoch);
        run.logMetric("loss", 1.0 / (epoch + 1) + lr, epoch);
      }
      run.produce(Files.writeString(tmp.resolve("model-" + weights + ".bin"), "weights " + weights), "churn-model");
      return run.id();
    });
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  @Test
  void upstreamOfAModelVersionReachesTheDatasetParamsAndCode() {
    ModelVersion v1 = lineage.registry().register("churn", modelB, trainB);
    Closure up = lineage.graph().upstream(Node.modelVersion("churn", v1.version()));
    assertTrue(up.hasArtifactNamed("validated-train"), "the raw dataset led to the model");
    assertTrue(up.hasRun(trainB) && up.hasRun(prepared.runId()));
    assertFalse(up.hasRun(trainA), "the other training run did not lead to it");
    assertEquals(ParamValue.of(0.01), up.params().get(trainB).get("lr"));
    assertTrue(up.codeFingerprints().get(prepared.runId()).contains("step key sha256:" + prepared.key().hex()));
  }

  @Test
  void downstreamOfABadDatasetFindsEveryModelAndAlias() {
    ModelVersion v1 = lineage.registry().register("churn", modelB, trainB);
    lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(v1.version())
        .reason("best accuracy").source("test").build());
    Closure impact = lineage.graph().downstream(Node.artifact(raw.digest()));
    assertTrue(impact.hasRun(trainA) && impact.hasRun(trainB));
    assertEquals(java.util.Set.of("churn@1"), impact.modelVersions());
    assertEquals(java.util.Map.of("churn:production", 1), impact.aliases(), "which production model touched it");
    assertTrue(impact.hasArtifact(modelB.digest()));
  }

  @Test
  void depthLimitsTheClosure() {
    LineageGraph graph = lineage.graph();
    Closure one = graph.upstream(Node.artifact(modelB.digest()), 1);
    assertEquals(java.util.Set.of(trainB), one.runs().keySet());
    Closure two = graph.upstream(Node.artifact(modelB.digest()), 2);
    assertTrue(two.hasArtifact(prepared.output("prepared").artifact().digest()));
    assertFalse(two.hasArtifactNamed("validated-train"));
    assertThrows(InvalidInputException.class, () -> graph.upstream(Node.artifact(modelB.digest()), -1));
  }

  @Test
  void producersConsumersAndPaths() {
    LineageGraph graph = lineage.graph();
    assertEquals(List.of(prepared.runId()), graph.producers(prepared.output("prepared").artifact().digest()));
    assertEquals(List.of(trainA, trainB), graph.consumers(prepared.output("prepared").artifact().digest()));
    List<Node> path = graph.path(Node.artifact(raw.digest()), Node.artifact(modelB.digest()));
    assertEquals(Node.artifact(raw.digest()), path.get(0));
    assertEquals(Node.run(prepared.runId()), path.get(1));
    assertEquals(Node.run(trainB), path.get(path.size() - 2));
    assertEquals(5, path.size());
    assertEquals(List.of(), graph.path(Node.run(trainA), Node.artifact(modelB.digest())));
    assertThrows(NotFoundException.class, () -> graph.upstream(Node.run(RunId.of("00000000000000000000000000"))));
  }

  @Test
  void diffShowsParamsInputsCodeAndFinalMetrics() {
    RunDiff diff = lineage.graph().diff(trainA, trainB);
    assertEquals(new RunDiff.Change<>(ParamValue.of(0.1), ParamValue.of(0.01)), diff.paramsChanged().get("lr"));
    assertTrue(diff.inputs().isEmpty(), "same prepared data");
    assertEquals(Optional.of(0.71), diff.finalMetrics().get("accuracy").a());
    assertEquals(Optional.of(0.84), diff.finalMetrics().get("accuracy").b());
    assertTrue(lineage.graph().diff(trainA, trainA).isEmpty());
  }

  @Test
  void searchByNameParamAndMetricSortedAndLimited() {
    LineageGraph graph = lineage.graph();
    assertEquals(List.of(trainB), graph.search(RunQuery.all().name("train")
        .param("lr", v -> v.asDouble() < 0.05)).stream().map(RunRecord::id).toList());
    assertEquals(List.of(trainB, trainA), graph.search(RunQuery.all().finalMetric("accuracy", a -> a > 0.5)
        .orderByFinalMetric("accuracy", true)).stream().map(RunRecord::id).toList());
    assertEquals(List.of(trainA), graph.search(RunQuery.all().bestMetric("loss", true, l -> l > 0.25))
        .stream().map(RunRecord::id).toList());
    assertEquals(List.of(trainB), graph.search(RunQuery.all().name("train").limit(1)).stream()
        .map(RunRecord::id).toList(), "newest first");
    assertEquals(List.of(prepared.runId()), graph.search(RunQuery.all().step("prepare").cacheHit(false))
        .stream().map(RunRecord::id).toList());
  }

  @Test
  void theIndexGivesTheSameAnswersAndHandlesRunsWrittenAfterIt() throws IOException {
    LineageGraph before = lineage.graph();
    assertTrue(lineage.publishIndex().isPresent());
    Run open = lineage.newRun("still-running");
    open.use(prepared.output("prepared").path(), "prepared");
    open.flush();
    RunId late = train(0.05, 0.9, "late");
    LineageGraph after = lineage.graph();
    assertEquals(before.runCount() + 2, after.runCount());
    assertEquals(before.upstream(Node.artifact(modelB.digest())).runs().keySet(),
        after.upstream(Node.artifact(modelB.digest())).runs().keySet());
    assertTrue(after.consumers(prepared.output("prepared").artifact().digest()).containsAll(List.of(open.id(), late)));
    assertEquals(RunStatus.RUNNING, after.run(open.id()).status());

    assertTrue(lineage.publishIndex().isPresent(), "a second snapshot names the open run");
    assertTrue(lineage.publishIndex().isEmpty(), "and with nothing finished since, a third is not written");
    open.succeed();
    open.close();
    assertEquals(RunStatus.SUCCEEDED, lineage.graph().run(open.id()).status(), "and re-reads it once it ends");
  }

  @Test
  void everyAnswerIsTheSameFromTheTailTheIndexOrBoth() throws IOException {
    lineage.registry().register("churn", modelB, trainB);
    assertTrue(lineage.publishIndex().isPresent());
    // after the snapshot: a cache hit of the prepare step, a nested run, and a run downstream of the model
    StepResult hit = lineage.step("prepare").param("scale", 2).input("raw", raw).codeVersion("v1").run(ctx -> {
      throw new AssertionError("an unchanged step is not recomputed");
    });
    try (Run parent = lineage.newRun("evaluate"); Run child = parent.newChild("score")) {
      child.use(Files.writeString(tmp.resolve("model-b.bin"), "weights b"), "churn-model");
      child.setTag("fold", "1");
    }
    LineageGraph mixed = lineage.graph();
    assertTrue(lineage.publishIndex().isPresent());
    LineageGraph indexed = lineage.graph();
    for (var object : fixture().listAll("index/")) {
      fixture().delete(object.key());
    }
    LineageGraph tailOnly = lineage.graph();

    List<RunRecord> all = tailOnly.search(RunQuery.all().limit(Integer.MAX_VALUE));
    assertEquals(7, all.size(), "ingest, prepare, two trainings, the hit, evaluate and score");
    assertTrue(all.stream().anyMatch(r -> r.id().equals(hit.runId())));
    List<Node> nodes = new java.util.ArrayList<>(List.of(Node.modelVersion("churn", 1), Node.step("prepare")));
    for (RunRecord r : all) {
      nodes.add(Node.run(r.id()));
      r.inputs().forEach(a -> nodes.add(Node.artifact(a.digest())));
      r.outputs().forEach(a -> nodes.add(Node.artifact(a.digest())));
    }
    for (LineageGraph g : List.of(mixed, indexed)) {
      assertEquals(tailOnly.runCount(), g.runCount());
      assertEquals(all, g.search(RunQuery.all().limit(Integer.MAX_VALUE)));
      for (RunRecord r : all) {
        assertEquals(r, g.run(r.id()));
      }
      for (Node n : nodes) {
        assertEquals(tailOnly.upstream(n), g.upstream(n), "upstream of " + n);
        assertEquals(tailOnly.downstream(n), g.downstream(n), "downstream of " + n);
        assertEquals(tailOnly.upstream(n, 1), g.upstream(n, 1), "one step upstream of " + n);
        assertEquals(tailOnly.path(nodes.get(0), n), g.path(nodes.get(0), n), "path to " + n);
        if (n.kind() == NodeKind.ARTIFACT) {
          var digest = n.digest();
          assertEquals(tailOnly.producers(digest), g.producers(digest));
          assertEquals(tailOnly.consumers(digest), g.consumers(digest));
        }
      }
    }
  }

  @Test
  void aDamagedSnapshotTableIsReportedByNameAndTheRunsStillAnswer() {
    List<RunRecord> expected = lineage.runs(RunQuery.all());
    assertTrue(lineage.publishIndex().isPresent());
    String table = fixture().listAll("index/").stream().map(o -> o.key()).filter(k -> k.endsWith("-artifacts.parquet"))
        .findFirst().orElseThrow();
    fixture().delete(table);
    fixture().putIfAbsent(table, dev.lineage.spi.Payload.of("not parquet".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (Lineage other = builder().build()) {
      LineageGraph graph = other.graph();
      assertEquals(expected, graph.search(RunQuery.all()), "the index is derived: its runs are read from their objects");
      assertEquals(expected, other.runs(RunQuery.all()));
      assertTrue(graph.upstream(Node.artifact(modelB.digest())).hasArtifactNamed("validated-train"));
      dev.lineage.StoreProblem problem = graph.problems().stream().filter(p -> p.key().equals(table)).findFirst()
          .orElseThrow(() -> new AssertionError("the damaged table is named: " + graph.problems()));
      assertEquals(dev.lineage.StoreProblem.Kind.CORRUPT, problem.kind());
      assertTrue(problem.message().contains(table), problem.message());
    }
  }

  @Test
  void queriesRunWhileAnotherWriterIsWriting() throws Exception {
    AtomicBoolean started = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 40; i++) {
        started.set(true);
        try (Run r = lineage.newRun("background")) {
          r.logParam("i", i);
          r.use(prepared.output("prepared").path(), "prepared");
        }
      }
    });
    writer.start();
    try {
      while (!started.get()) {
        Thread.onSpinWait();
      }
      for (int i = 0; i < 10; i++) {
        LineageGraph g = lineage.graph();
        assertTrue(g.downstream(Node.artifact(raw.digest())).hasRun(trainA));
      }
    } finally {
      writer.join();
    }
    assertEquals(4 + 40, lineage.graph().runCount(), "the fixture's four runs and the writer's forty");
  }

  @Test
  void versionsAreDenseAndAliasesMoveByCompareAndSet() {
    ModelVersion v1 = lineage.registry().register("churn", modelB, trainB);
    ModelVersion v2 = lineage.registry().register("churn", lineage.runRecord(trainA).outputs().get(0), trainA);
    assertEquals(List.of(1, 2), lineage.registry().versions("churn").stream().map(ModelVersion::version).toList());
    assertEquals("ci-bot", v1.registeredBy());

    AliasMove first = lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone()
        .to(1).reason("first model").source("run " + trainB).build());
    AliasMove second = lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expecting(1).to(2)
        .reason("retrained").build());
    ConflictException stale = assertThrows(ConflictException.class, () -> lineage.registry()
        .moveAlias(AliasMoveRequest.builder("churn", "production").expecting(1).to(1).reason("stale view").build()));
    assertTrue(stale.getMessage().contains("version 2"), stale.getMessage());
    assertEquals(v2.version(), lineage.registry().alias("churn", "production").orElseThrow().version());
    List<AliasMove> history = lineage.registry().aliasHistory("churn", "production");
    assertEquals(List.of(first, second), history);
    assertEquals(OptionalInt.empty(), history.get(0).from());
    assertEquals(OptionalInt.of(1), history.get(1).from());
    assertEquals("ci-bot", history.get(1).principal());
    assertEquals("retrained", history.get(1).reason());
    assertEquals(List.of("churn"), lineage.registry().models());
    assertEquals(List.of("production"), lineage.registry().aliases("churn"));
    lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "canary").expectingNone().to(1).reason("try v1")
        .build());
    assertEquals(List.of("canary", "production"), lineage.registry().aliases("churn"));
    Closure lineageOfV2 = lineage.graph().upstream(Node.modelVersion("churn", 2));
    assertTrue(lineageOfV2.hasRun(trainA));
  }

  @Test
  void registryRejectsBadInputByName() {
    lineage.registry().register("churn", modelB, trainB);
    assertEquals("model", assertThrows(InvalidInputException.class,
        () -> lineage.registry().register("bad name", modelB, trainB)).field());
    assertThrows(NotFoundException.class, () -> lineage.registry().versions("unknown"));
    assertThrows(NotFoundException.class, () -> lineage.registry().version("churn", 9));
    assertTrue(assertThrows(NotFoundException.class, () -> lineage.registry()
        .moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(9).reason("why")
            .build())).getMessage()
        .contains("no version 9"), "a version that does not exist is not found, as version() says");
    assertTrue(assertThrows(NotFoundException.class, () -> lineage.registry()
        .moveAlias(AliasMoveRequest.builder("nomodel", "production").expectingNone().to(1).reason("why")
            .build())).getMessage()
        .contains("no model 'nomodel'"));
    assertEquals("alias", assertThrows(InvalidInputException.class, () -> lineage.registry()
        .moveAlias(AliasMoveRequest.builder("churn", "prod/../x").expectingNone().to(1).reason("why")
            .build())).field());
    assertEquals("reason", assertThrows(InvalidInputException.class, () -> lineage.registry()
        .moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(1).reason(" ")
            .build())).field());
    assertEquals("run", assertThrows(InvalidInputException.class, () -> lineage.registry()
        .register("churn", modelB, RunId.of("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).field(), "a producing run that does not exist");
    try (Lineage plain = Lineage.builder().backend(ForwardingBackend.unclosed(backend)).tempDir(tmp)
        .cacheDir(tmp.resolve("cache")).workDir(tmp.resolve("w")).build()) {
      InvalidInputException noReason = assertThrows(InvalidInputException.class, () -> plain.registry()
          .moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(1).reason(null).build()));
      assertEquals("reason", noReason.field());
      assertFalse(noReason.getMessage().contains("requires"), "nothing required a reason here: " + noReason);
    }
    assertEquals(List.of(1), lineage.registry().versions("churn").stream().map(ModelVersion::version).toList(),
        "rejected registrations left nothing");
    assertTrue(lineage.registry().aliasHistory("churn", "production").isEmpty(), "rejected moves left nothing");
    assertEquals(List.of(), lineage.registry().aliases("churn"), "no alias was ever moved");
    assertEquals(NodeKind.MODEL_VERSION, Node.modelVersion("churn", 1).kind());
  }
}
