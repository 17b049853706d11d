package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.query.Node;
import dev.lineage.query.RunQuery;
import dev.lineage.spi.Payload;
import dev.lineage.step.StepExecution;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A store written by version 1 (the first wave), object by object as docs/storage-format.md version 1 laid it
 * out, reads with the same meaning: its reserved tags become typed facts, its documents read without checksums,
 * and its version-1 index snapshot is not used.
 */
class StoreCompatibilityTest {
  private static final String RUN = "01JDBY0000AAAAAAAAAAAAAAAA";
  private static final String HIT = "01JDBY0001AAAAAAAAAAAAAAAA";
  private static final String WRITER = "01JDBY0000BBBBBBBBBBBBBBBB";
  private final InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/v1"));

  private void put(String key, String json) {
    backend.putIfAbsent(key, Payload.of(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aVersionOneStoreReadsTheSame() throws Exception {
    byte[] model = "weights".getBytes(StandardCharsets.UTF_8);
    String digest = sha256(model);
    String key = "fe9c6766ae484dbe27e65bdfe55ddf33bbcb73d732071c95c0546d1bcd335885";
    String fingerprint = "{\"gitCommit\":\"b2bf000000000000000000000000000000000000\",\"gitState\":\"CLEAN\","
        + "\"jvmVendor\":\"Eclipse Adoptium\",\"jvmVersion\":\"17.0.15+6\",\"os\":\"Linux 6.1 amd64\",\"host\":\"w3\","
        + "\"user\":\"ml\",\"mainClass\":\"com.acme.Train\",\"classpathDigest\":\"sha256:00\",\"environment\":{}}";
    put("lineage-store.json", "{\"format\":\"lineage-store\",\"version\":1}");
    put("blobs/sha256/" + digest.substring(0, 2) + "/" + digest, new String(model, StandardCharsets.UTF_8));
    for (String id : List.of(RUN, HIT)) {
      put("runs/" + id.substring(0, 6) + "/" + id + ".json", "{\"format\":\"lineage.run-start\",\"version\":1,"
          + "\"runId\":\"" + id + "\",\"name\":\"featurize\",\"startedAt\":1732650000000,\"fingerprint\":"
          + fingerprint + "}");
      put("rundata/" + id + "/end.json", "{\"format\":\"lineage.run-end\",\"version\":1,\"runId\":\"" + id
          + "\",\"status\":\"SUCCEEDED\",\"endedAt\":1732650009999}");
    }
    put("rundata/" + RUN + "/log/" + WRITER + "/0000000000.json", "{\"format\":\"lineage.run-log\",\"version\":1,"
        + "\"runId\":\"" + RUN + "\",\"writer\":\"" + WRITER + "\",\"seq\":0,\"events\":["
        + "{\"type\":\"param\",\"at\":1732650000001,\"key\":\"lr\",\"valueType\":\"DOUBLE\",\"value\":\"0.01\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"team\",\"value\":\"retention\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.step\",\"value\":\"featurize\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.step.key\",\"value\":\"" + key + "\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.cache\",\"value\":\"miss\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.index\",\"value\":\"0\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.uuid\",\"value\":\"GPU-1\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.util_mean\",\"value\":\"2.000000\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.util_p50\",\"value\":\"2.000000\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.util_max\",\"value\":\"3.000000\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.hours_held\",\"value\":\"1.000000\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.0.hours_idle\",\"value\":\"1.000000\"},"
        + "{\"type\":\"tag\",\"at\":1732650000003,\"key\":\"lineage.gpu.wasted\",\"value\":\"true\"},"
        + "{\"type\":\"artifact\",\"at\":1732650000004,\"direction\":\"PRODUCED\",\"digest\":\"sha256:" + digest
        + "\",\"kind\":\"FILE\",\"size\":7,\"name\":\"model\"},"
        + "{\"type\":\"metric\",\"at\":1732650000005,\"key\":\"loss\",\"count\":3,\"step\":2,\"value\":\"0.5\","
        + "\"min\":\"0.5\",\"max\":\"0.9\"}]}");
    put("rundata/" + HIT + "/log/" + WRITER + "/0000000000.json", "{\"format\":\"lineage.run-log\",\"version\":1,"
        + "\"runId\":\"" + HIT + "\",\"writer\":\"" + WRITER + "\",\"seq\":0,\"events\":["
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.step\",\"value\":\"featurize\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.step.key\",\"value\":\"" + key + "\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.cache\",\"value\":\"hit\"},"
        + "{\"type\":\"tag\",\"at\":1732650000002,\"key\":\"lineage.cache.source\",\"value\":\"" + RUN + "\"},"
        + "{\"type\":\"artifact\",\"at\":1732650000004,\"direction\":\"PRODUCED\",\"digest\":\"sha256:" + digest
        + "\",\"kind\":\"FILE\",\"size\":7,\"name\":\"model\"}]}");
    put("registry/models/churn/versions/0000000001.json", "{\"format\":\"lineage.model-version\",\"version\":1,"
        + "\"model\":\"churn\",\"number\":1,\"digest\":\"sha256:" + digest + "\",\"kind\":\"FILE\",\"size\":7,"
        + "\"name\":\"model\",\"run\":\"" + RUN + "\",\"registeredBy\":\"ci\",\"registeredAt\":1732650010000}");
    put("registry/models/churn/aliases/production/0000000001.json", "{\"format\":\"lineage.alias-move\",\"version\":1,"
        + "\"model\":\"churn\",\"alias\":\"production\",\"seq\":1,\"to\":1,\"principal\":\"ci\",\"at\":1732650010001,"
        + "\"reason\":\"first\"}");
    put("index/v1/0000000000/manifest.json", "{\"format\":\"lineage.index\",\"version\":1,\"seq\":0}");

    try (Lineage lineage = Lineage.builder().backend(backend).systemMetrics(false).autoIndex(0).build()) {
      RunRecord run = lineage.runRecord(RunId.of(RUN));
      assertEquals(RunStatus.SUCCEEDED, run.status());
      assertEquals(Map.of("lr", ParamValue.of(0.01)), run.params());
      assertEquals(Map.of("team", "retention"), run.tags(), "reserved tags became facts; the user's stay");
      StepExecution step = run.step().orElseThrow();
      assertEquals(StepExecution.Outcome.MISS, step.outcome());
      assertEquals(new Digest(key), step.key());
      assertEquals(1, run.gpus().size());
      assertTrue(run.gpuWasted());
      assertEquals(new MetricSummary("loss", 3, 2, 0.5, 0.5, 0.9), run.metrics().get("loss"));
      RunRecord hit = lineage.runRecord(RunId.of(HIT));
      assertEquals(Optional.of(RunId.of(RUN)), hit.step().orElseThrow().entryRun());
      assertTrue(hit.step().orElseThrow().cacheHit());

      assertEquals(List.of(RunId.of(HIT)), lineage.runs(RunQuery.all().cacheHit(true)).stream().map(RunRecord::id)
          .toList());
      assertEquals(List.of(RunId.of(RUN)), lineage.runs(RunQuery.all().gpuWasted()).stream().map(RunRecord::id)
          .toList());
      var graph = lineage.graph();
      assertTrue(graph.problems().isEmpty(), graph.problems().toString());
      assertTrue(graph.upstream(Node.modelVersion("churn", 1)).hasRun(RunId.of(RUN)));
      assertTrue(graph.downstream(Node.run(RunId.of(RUN))).hasRun(RunId.of(HIT)), "the hit is a CACHE_HIT_OF edge");
      assertEquals(1, lineage.registry().alias("churn", "production").orElseThrow().version());
      try (InputStream in = lineage.openArtifact(run.outputs().get(0))) {
        assertEquals("weights", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      assertTrue(lineage.publishIndex().isPresent(), "a version-2 snapshot is published beside the old one");
      assertEquals(lineage.runs(RunQuery.all()), lineage.graph().search(RunQuery.all()));
    }
  }

  /**
   * A store written before the Spark-readable segment format (version-1 segments, byte-stream-split values), as
   * that code wrote it: its metrics read back, point for point.
   */
  @Test
  void aStoreWithVersionOneMetricSegmentsReadsItsPoints() throws Exception {
    Path root = Path.of(StoreCompatibilityTest.class.getResource("/stores/segment-v1").toURI());
    InMemoryBackend copy = new InMemoryBackend(URI.create("mem:/segment-v1"));
    try (var files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        copy.putIfAbsent(root.relativize(f).toString().replace(java.io.File.separatorChar, '/'),
            Payload.of(Files.readAllBytes(f)));
      }
    }
    try (Lineage lineage = Lineage.builder().backend(copy).systemMetrics(false).build()) {
      RunRecord run = lineage.runs(RunQuery.all()).get(0);
      List<MetricPoint> loss = lineage.metric(run.id(), "loss");
      assertEquals(100, loss.size());
      for (int s = 0; s < 100; s++) {
        assertEquals(1.0 / (s + 1), loss.get(s).value(), 0.0, "step " + s);
      }
      assertTrue(Double.isNaN(lineage.metric(run.id(), "nan").get(0).value()));
      assertTrue(lineage.maintenance().verify().ok(), "a version-1 segment verifies");
    }
  }

  /**
   * A store written by the build before the status rule counted every writer (stores/attached-loss-before-status-
   * rule, made by that build): an attached writer recorded a loss, the owner succeeded, and an index snapshot holds
   * the run as SUCCEEDED beside the loss. Its own records, its snapshot row, a search by status from the columns
   * and from the whole snapshot all read it INCOMPLETE now.
   */
  @Test
  void aRunWhoseAttachedWriterRecordedALossBeforeTheStatusRuleReadsIncompleteFromEveryPath() throws Exception {
    InMemoryBackend copy = copyOf("attached-loss-before-status-rule");
    RunId id = RunId.of("01M97NSN83J85TGBKD58YB7BVC");
    try (Lineage lineage = Lineage.builder().backend(copy).readOnly(true).build()) {
      assertEquals(List.of(id), lineage.runs(RunQuery.all().status(RunStatus.INCOMPLETE)).stream()
          .map(RunRecord::id).toList(), "from the snapshot's columns");
      assertEquals(List.of(), lineage.runs(RunQuery.all().status(RunStatus.SUCCEEDED)));
      RunRecord own = lineage.runRecord(id);
      assertEquals(RunStatus.INCOMPLETE, own.status());
      assertEquals(List.of("executor 1 lost the points of partition 3"), own.trackingErrors());
      RunRecord indexed = lineage.graph().run(id);
      assertEquals(RunStatus.INCOMPLETE, indexed.status(), "from the snapshot row");
      assertEquals(own.failure(), indexed.failure());
      assertEquals(List.of(id), lineage.graph().search(RunQuery.all().status(RunStatus.INCOMPLETE)).stream()
          .map(RunRecord::id).toList(), "from the whole snapshot");
    }
  }

  /** The same store predates chains too: it reads and verifies clean, and verify says what carries no link. */
  @Test
  void aStoreWrittenBeforeChainsVerifiesAndSaysItsDocumentsCarryNone() throws Exception {
    InMemoryBackend copy = copyOf("attached-loss-before-status-rule");
    try (Lineage lineage = Lineage.builder().backend(copy).readOnly(true).build()) {
      dev.lineage.maintenance.VerifyReport report = lineage.maintenance().verify();
      assertTrue(report.ok(), report.problems().toString());
      long batchesAndEnds = copy.listAll("rundata/").stream().filter(o -> o.key().endsWith(".json")).count();
      assertEquals(batchesAndEnds, report.unchained(), "every batch and end of a store written before chains");
    }
  }

  /** A copy in memory of a store checked in under {@code stores/}, so that a test cannot change the files. */
  private static InMemoryBackend copyOf(String store) throws Exception {
    Path root = Path.of(StoreCompatibilityTest.class.getResource("/stores/" + store).toURI());
    InMemoryBackend copy = new InMemoryBackend(URI.create("mem:/" + store));
    try (var files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        copy.putIfAbsent(root.relativize(f).toString().replace(java.io.File.separatorChar, '/'),
            Payload.of(Files.readAllBytes(f)));
      }
    }
    return copy;
  }
}
