package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.maintenance.GcReport;
import dev.lineage.query.RunQuery;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection removes only what nothing references, and never what a writer may still reference; a dry
 * run deletes nothing. (Verification is exercised with damage by {@link RecordIntegrityConformanceTest}.)
 *
 * @since 0.1.0
 */
public abstract class MaintenanceConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** The backend under test: a new one, from {@code newBackend()}, for each test. */
  protected StorageBackend backend;
  /** A Lineage over the backend under test, opened before each test and closed after it. */
  protected Lineage lineage;

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void open() throws Exception {
    backend = newBackend();
    lineage = builder(backend, "main").build();
  }

  private Lineage.Builder builder(StorageBackend b, String name) {
    return Lineage.builder().backend(b).tempDir(tmp).cacheDir(tmp.resolve("cache-" + name))
        .workDir(tmp.resolve("work-" + name)).systemMetrics(false);
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  /** Content in the store that nothing names: what a writer that died between its blob and its journal leaves. */
  private Digest orphan(String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Digest d = new Digest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    backend.putIfAbsent(DocumentedKeys.blob(d), Payload.of(bytes));
    return d;
  }

  private static GcOptions now() {
    return GcOptions.deleting().withGrace(Duration.ZERO);
  }

  @Test
  void aDryRunReportsGarbageAndDeletesNothing() throws Exception {
    Digest orphan = orphan("left behind");
    Artifact kept = lineage.run("keep", run -> run.produce(Files.writeString(tmp.resolve("k"), "kept"), "k"));
    Set<String> before = keys();
    GcReport report = lineage.maintenance().gc(GcOptions.defaults().withGrace(Duration.ZERO));
    assertTrue(report.dryRun());
    assertEquals(Set.of(DocumentedKeys.blob(orphan)), garbage(report, GcReport.Kind.UNREFERENCED_BLOB));
    assertEquals(0, report.deleted());
    assertEquals(before, keys(), "a dry run deletes nothing");
    assertFalse(garbage(report, GcReport.Kind.UNREFERENCED_BLOB).contains(DocumentedKeys.blob(kept.digest())));
  }

  @Test
  void unreferencedBlobsAreDeletedAndEverythingReferencedStays() throws Exception {
    Digest orphan = orphan("left behind");
    Path dir = Files.createDirectories(tmp.resolve("dataset"));
    Files.writeString(dir.resolve("part-0"), "rows");
    Artifact tree = lineage.run("dirs", run -> run.use(dir, "dataset"));
    Artifact model = lineage.run("train", run -> run.produce(Files.writeString(tmp.resolve("m"), "weights"), "m"));
    lineage.registry().register("m", model);
    lineage.step("s").codeVersion("v1").run(ctx ->
        ctx.produce(Files.writeString(ctx.outputDir().resolve("out"), "step output"), "out"));
    GcReport report = lineage.maintenance().gc(now());
    assertEquals(java.util.Optional.empty(), report.blobsRefused());
    assertEquals(Set.of(DocumentedKeys.blob(orphan)), garbage(report, GcReport.Kind.UNREFERENCED_BLOB));
    assertEquals(1, report.deleted());
    assertTrue(backend.stat(DocumentedKeys.blob(orphan)).isEmpty());
    assertTrue(lineage.maintenance().verify().ok(), "nothing referenced was deleted: "
        + lineage.maintenance().verify().problems());
    lineage.restore(tree, tmp.resolve("restored"));
    assertEquals("rows", Files.readString(tmp.resolve("restored/part-0")));
  }

  @Test
  void verifyReadsEveryObjectOfACleanStoreAndCountsEveryByte() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(dir.resolve("part-0"), "rows");
    Artifact model = lineage.run("train", run -> {
      run.logParam("lr", 0.1);
      run.logMetric("loss", 0.5, 0);
      run.use(dir, "data");
      return run.produce(Files.writeString(tmp.resolve("m"), "weights"), "m");
    });
    lineage.registry().register("m", model);
    lineage.step("s").codeVersion("v1").run(ctx ->
        ctx.produce(Files.writeString(ctx.outputDir().resolve("out"), "step output"), "out"));
    assertTrue(lineage.publishIndex().isPresent());
    List<ObjectInfo> all = backend.listAll("");

    var report = lineage.maintenance().verify();
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(all.size(), report.objects());
    assertEquals(all.stream().mapToLong(ObjectInfo::size).sum(), report.bytes(),
        "documents, segments, index tables and blobs: every byte is read and checked");
  }

  @Test
  void nothingYoungerThanTheGracePeriodIsDeleted() throws Exception {
    orphan("just written");
    GcReport report = lineage.maintenance().gc(GcOptions.deleting());
    assertTrue(report.garbage().isEmpty(), "an hour of grace covers it: " + report.garbage());
  }

  @Test
  void whileARunIsOpenNoBlobIsDeleted() throws Exception {
    Digest orphan = orphan("maybe about to be reused");
    try (Run open = lineage.newRun("open")) {
      open.logParam("x", 1L);
      open.flush();
      GcReport report = lineage.maintenance().gc(now());
      assertTrue(report.blobsRefused().orElseThrow().contains("open"), report.toString());
      assertTrue(backend.stat(DocumentedKeys.blob(orphan)).isPresent());
      open.succeed();
    }
    assertEquals(1, lineage.maintenance().gc(now()).deleted(), "once no run is open it goes");
  }

  @Test
  void aRunThatCannotBeReadStopsBlobDeletion() throws Exception {
    Digest orphan = orphan("unknown whether referenced");
    dev.lineage.RunId id = lineage.run("r", run -> {
      run.logParam("a", 1L);
      return run.id();
    });
    String journal = backend.listAll(DocumentedKeys.runData(id) + "log/").get(0).key();
    backend.delete(journal);
    backend.putIfAbsent(journal, Payload.of("{truncated".getBytes(StandardCharsets.UTF_8)));
    GcReport report = lineage.maintenance().gc(now());
    assertTrue(report.blobsRefused().orElseThrow().contains(journal), report.toString());
    assertTrue(backend.stat(DocumentedKeys.blob(orphan)).isPresent());
  }

  @Test
  void supersededIndexSnapshotsExpireAndTheNewestStillAnswers() throws Exception {
    for (int i = 0; i < 4; i++) {
      int n = i;
      lineage.run("r" + i, run -> run.logParam("i", (long) n));
      assertTrue(lineage.publishIndex().isPresent());
    }
    List<RunRecord> before = lineage.runs(RunQuery.all());
    GcReport report = lineage.maintenance().gc(now().keepingSnapshots(2));
    Set<String> expired = garbage(report, GcReport.Kind.SUPERSEDED_SNAPSHOT);
    assertEquals(2, expired.stream().filter(k -> k.endsWith("manifest.json")).count(), expired.toString());
    assertEquals(2, backend.listAll("index/v2/").stream().filter(o -> o.key().endsWith("manifest.json")).count());
    try (Lineage fresh = builder(ForwardingBackend.unclosed(backend), "fresh").build()) {
      assertEquals(before, fresh.runs(RunQuery.all()));
      assertTrue(fresh.graph().problems().isEmpty(), fresh.graph().problems().toString());
    }
  }

  /**
   * Writers that reuse content nothing references yet, racing collections that delete: afterwards every run's
   * artifacts are in the store and verify finds nothing wrong.
   */
  @Test
  void writersRacingCollectionsNeverLoseWhatTheyReference() throws Exception {
    int writers = 3;
    int runsEach = 15;
    List<Digest> orphans = new ArrayList<>();
    for (int i = 0; i < runsEach; i++) {
      orphans.add(orphan("content " + i)); // each will be reused by every writer
    }
    Digest neverReused = orphan("no writer uses this"); // garbage every pass may delete, however the race goes
    CountDownLatch collecting = new CountDownLatch(1);
    AtomicInteger passes = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String name = "writer-" + w;
        futures.add(pool.submit(() -> {
          try (Lineage l = builder(ForwardingBackend.unclosed(backend), name).build()) {
            collecting.await(); // race the collector from its first pass, not after it
            for (int i = 0; i < runsEach; i++) {
              Path file = Files.writeString(tmp.resolve(name + "-" + i), "content " + i);
              l.run("reuse", run -> run.use(file, "data"));
              Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(20)); // quiet moments: GC deletes
            }
          }
          return null;
        }));
      }
      Future<Integer> collector = pool.submit(() -> {
        int deleted = 0;
        try (Lineage l = builder(ForwardingBackend.unclosed(backend), "gc").build()) {
          while (writing.get()) {
            collecting.countDown();
            deleted += l.maintenance().gc(now()).deleted();
            passes.incrementAndGet();
            Thread.sleep(5);
          }
        }
        return deleted;
      });
      for (Future<?> f : futures) {
        f.get();
      }
      writing.set(false);
      int deleted = collector.get();
      assertTrue(passes.get() > 0, "the collector ran while the writers wrote");
      assertTrue(deleted + lineage.maintenance().gc(now()).deleted() > 0, "the collections deleted garbage");
      assertFalse(backend.stat(DocumentedKeys.blob(neverReused)).isPresent(), "unreferenced garbage survived");
    } finally {
      pool.shutdownNow();
    }
    assertTrue(lineage.maintenance().verify().ok(), lineage.maintenance().verify().problems().toString());
    for (RunRecord r : lineage.runs(RunQuery.all().name("reuse"))) {
      for (Artifact a : r.inputs()) {
        assertTrue(backend.stat(DocumentedKeys.blob(a.digest())).isPresent(), "run " + r.id() + " lost " + a);
      }
    }
    assertEquals(writers * runsEach, lineage.runs(RunQuery.all().name("reuse")).size());
  }

  private Set<String> keys() {
    return backend.listAll("").stream().map(ObjectInfo::key).collect(Collectors.toSet());
  }

  private static Set<String> garbage(GcReport report, GcReport.Kind kind) {
    return report.garbage().stream().filter(g -> g.kind() == kind).map(GcReport.Garbage::key)
        .collect(Collectors.toSet());
  }
}
