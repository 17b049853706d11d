package dev.lineage.openlineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.Closure;
import dev.lineage.query.Node;
import dev.lineage.query.RunQuery;
import dev.lineage.samples.ChurnPipeline;
import dev.lineage.step.StepResult;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline's runs, sent over the OpenLineage client's own HTTP transport to a receiver on loopback and
 * parsed back with the client's own model: every required field is there, and the lineage a backend builds
 * from the events is our graph's.
 */
class OpenLineageExportTest {
  @TempDir Path dir;
  private HttpServer server;
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private Lineage lineage;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/lineage", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.start();
    lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false).build();
  }

  @AfterEach
  void stop() {
    lineage.close();
    server.stop(0);
  }

  private List<OpenLineage.RunEvent> export() {
    try (OpenLineageExport export = OpenLineageExport.to("http://127.0.0.1:" + server.getAddress().getPort())) {
      int sent = export.export(lineage, RunQuery.all());
      assertEquals(sent, bodies.size(), "every event reached the receiver");
    }
    return bodies.stream().map(OpenLineageClientUtils::runEventFromJson).toList();
  }

  @Test
  void theDemoPipelinesLineageSurvivesTheTrip() throws Exception {
    ChurnPipeline.Outcome outcome = ChurnPipeline.run(lineage, new ChurnPipeline.Params(1_000, 3, false, 0.01, 3));
    ChurnPipeline.run(lineage, new ChurnPipeline.Params(1_000, 3, false, 0.01, 3)); // every step a hit
    List<OpenLineage.RunEvent> events = export();
    List<RunRecord> runs = lineage.runs(RunQuery.all());
    assertEquals(runs.size() * 2, events.size(), "a START and a COMPLETE per run");

    for (OpenLineage.RunEvent e : events) {
      assertNotNull(e.getEventTime());
      assertNotNull(e.getEventType());
      assertEquals(OpenLineageEvents.PRODUCER, e.getProducer());
      assertNotNull(e.getSchemaURL());
      assertNotNull(e.getRun().getRunId());
      assertEquals("lineage", e.getJob().getNamespace());
      assertNotNull(e.getJob().getName());
      // The demo's artifacts are files: OpenLineage's naming for a local file is the namespace "file" and the
      // absolute path (they read the store's URI and the logical name before).
      e.getInputs().forEach(d -> {
        assertEquals("file", d.getNamespace());
        assertTrue(d.getName().startsWith(dir.toString() + "/"), d.getName());
      });
    }
    Map<UUID, RunRecord> byUuid = new HashMap<>();
    runs.forEach(r -> byUuid.put(RunUuids.of(r.id()), r));
    for (OpenLineage.RunEvent e : events) {
      RunRecord r = byUuid.get(e.getRun().getRunId());
      assertNotNull(r, "each event's run id is one of our runs' UUIDs");
      assertEquals(r.name(), e.getJob().getName());
      Map<String, Object> params = e.getRun().getFacets().getAdditionalProperties().get("lineage_params")
          .getAdditionalProperties();
      assertEquals(r.id().value(), params.get("lineageRunId"));
      OpenLineage.ProcessingEngineRunFacet engine = e.getRun().getFacets().getProcessing_engine();
      assertEquals("lineage", engine.getName());
      assertEquals(engine.getVersion(), engine.getOpenlineageAdapterVersion(),
          "the adapter's version, not the language (it read \"Java\")");
    }

    // The upstream lineage of the model as a backend builds it from the events: datasets (name, version) are
    // produced by runs, runs use datasets.
    StepResult train = outcome.steps().get("train");
    Artifact model = train.output("churn-model").artifact();
    Closure ours = lineage.graph().upstream(Node.artifact(model.digest()));
    Map<String, Set<UUID>> producers = new HashMap<>();
    Map<UUID, Set<String>> inputs = new HashMap<>();
    for (OpenLineage.RunEvent e : events) {
      if (e.getEventType() != OpenLineage.RunEvent.EventType.COMPLETE) {
        continue;
      }
      for (OpenLineage.OutputDataset d : e.getOutputs()) {
        producers.computeIfAbsent(d.getFacets().getVersion().getDatasetVersion(), k -> new HashSet<>())
            .add(e.getRun().getRunId());
      }
      inputs.put(e.getRun().getRunId(), e.getInputs().stream()
          .map(d -> d.getFacets().getVersion().getDatasetVersion()).collect(Collectors.toSet()));
    }
    Set<String> datasets = new HashSet<>();
    Set<UUID> theirRuns = new HashSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(model.digest().toString()));
    while (!queue.isEmpty()) {
      String d = queue.poll();
      if (!datasets.add(d)) {
        continue;
      }
      for (UUID run : producers.getOrDefault(d, Set.of())) {
        if (theirRuns.add(run)) {
          queue.addAll(inputs.getOrDefault(run, Set.of()));
        }
      }
    }
    assertEquals(ours.artifacts().keySet().stream().map(Object::toString).collect(Collectors.toSet()), datasets);
    // Every run that yielded one of those datasets (cache hits included, as in our graph's producers).
    Set<UUID> ourProducers = new HashSet<>();
    for (var a : ours.artifacts().keySet()) {
      lineage.graph().producers(a).forEach(r -> ourProducers.add(RunUuids.of(r)));
    }
    assertEquals(ourProducers, theirRuns, "the runs that made the model, as the events tell it");
  }

  @Test
  void runIdsMapToTheSameUuidEveryTimeAndSortLikeTheRuns() {
    RunId a = lineage.run("a", r -> r.id());
    RunId b = lineage.run("b", r -> r.id());
    assertEquals(RunUuids.of(a), RunUuids.of(RunId.of(a.value())));
    assertEquals(7, RunUuids.of(a).version());
    assertEquals(2, RunUuids.of(a).variant());
    assertTrue(a.compareTo(b) < 0);
    assertTrue(RunUuids.of(a).toString().compareTo(RunUuids.of(b).toString()) < 0, "UUIDs sort as the run ids do");
  }

  @Test
  void endingsMapToCompleteFailAndAbortWithTheErrorAndParentNamed() throws Exception {
    RunId parent;
    try (var run = lineage.newRun("pipeline")) {
      try (var child = run.newChild("stage")) {
        child.fail(new IllegalStateException("diverged"));
      }
      parent = run.id();
      run.kill();
    }
    List<OpenLineage.RunEvent> events = export();
    OpenLineage.RunEvent fail = events.stream().filter(e -> e.getEventType() == OpenLineage.RunEvent.EventType.FAIL)
        .findFirst().orElseThrow();
    assertEquals("stage", fail.getJob().getName());
    assertTrue(fail.getRun().getFacets().getErrorMessage().getMessage().contains("diverged"));
    assertEquals(RunUuids.of(parent), fail.getRun().getFacets().getParent().getRun().getRunId());
    assertEquals("pipeline", fail.getRun().getFacets().getParent().getJob().getName());
    assertTrue(events.stream().anyMatch(e -> e.getEventType() == OpenLineage.RunEvent.EventType.ABORT
        && e.getJob().getName().equals("pipeline")));
  }

  @Test
  void aRunWhoseRecordsAreIncompleteIsAFailWithTheLoss() throws Exception {
    try (var run = lineage.newRun("lossy")) {
      try (var executor = lineage.attach(run.handle())) {
        executor.markIncomplete("executor 3 lost its points");
      }
      run.succeed();
    }
    OpenLineage.RunEvent end = export().stream().filter(e -> e.getJob().getName().equals("lossy")
        && e.getEventType() != OpenLineage.RunEvent.EventType.START).findFirst().orElseThrow();
    assertEquals(OpenLineage.RunEvent.EventType.FAIL, end.getEventType(), "never COMPLETE");
    assertTrue(end.getRun().getFacets().getErrorMessage().getMessage().contains("executor 3 lost its points"));
  }

  @Test
  void theFileTransportWritesOneEventPerLine() throws Exception {
    lineage.run("one", r -> null);
    Path file = dir.resolve("events.ndjson");
    try (OpenLineageExport export = OpenLineageExport.to("file:" + file)) {
      assertEquals(2, export.export(lineage, RunQuery.all()));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals(OpenLineage.RunEvent.EventType.START, OpenLineageClientUtils.runEventFromJson(lines.get(0))
        .getEventType());
  }

  /** A command line's own output, not System.out: what an embedding program (the CLI run in-process) captures. */
  @Test
  void standardOutputIsTheWriterGivenOnePerLineOrPretty() {
    lineage.run("one", r -> null);
    java.io.StringWriter lines = new java.io.StringWriter();
    try (OpenLineageExport export = OpenLineageExport.to("-", "lineage", new java.io.PrintWriter(lines))) {
      assertEquals(2, export.export(lineage, RunQuery.all()));
    }
    List<String> events = lines.toString().lines().toList();
    assertEquals(2, events.size(), lines.toString());
    assertEquals(OpenLineage.RunEvent.EventType.COMPLETE, OpenLineageClientUtils.runEventFromJson(events.get(1))
        .getEventType());
    java.io.StringWriter console = new java.io.StringWriter();
    try (OpenLineageExport export = OpenLineageExport.to("console", "lineage", new java.io.PrintWriter(console))) {
      export.export(lineage, RunQuery.all());
    }
    assertTrue(console.toString().lines().count() > 10 && console.toString().contains("\n  \"eventType\" : \"START\""),
        "pretty-printed: " + console);
    assertThrows(dev.lineage.InvalidInputException.class, () -> OpenLineageExport.to("-", "lineage", null));
  }
}
