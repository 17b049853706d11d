package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.RunQuery;
import dev.lineage.spi.Payload;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.StepExecution;
import dev.lineage.step.StepResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step cache over a backend: a hit is never wrong, a miss is never an error.
 *
 * @since 0.1.0
 */
public abstract class StepCacheConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** The backend under test: a new one, from {@code newBackend()}, for each test. */
  protected StorageBackend backend;
  /** A Lineage over the backend under test, opened before each test and closed after it. */
  protected Lineage lineage;
  private Path raw;
  private final AtomicInteger executions = new AtomicInteger();

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void open() throws Exception {
    backend = newBackend();
    lineage = builder().build();
    raw = Files.writeString(tmp.resolve("raw.csv"), "day,sales\n1,10\n2,12\n3,9\n");
  }

  private Lineage.Builder builder() {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).workDir(tmp.resolve("work"));
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  private StepResult featurize(int window) throws IOException {
    return lineage.step("featurize").param("window", window).input("raw", raw).codeVersion("v1").run(ctx -> {
      executions.incrementAndGet();
      List<String> lines = Files.readAllLines(ctx.input("raw"));
      Path out = ctx.outputDir().resolve("features.csv");
      Files.writeString(out, "window=" + window + "\n" + String.join("\n", lines));
      ctx.produce(out, "features");
    });
  }

  @Test
  void theSecondRunIsAHitThatSkipsTheBodyAndRestoresVerifiedOutputs() throws IOException {
    StepResult first = featurize(7);
    StepResult second = featurize(7);
    assertFalse(first.cacheHit());
    assertTrue(second.cacheHit());
    assertEquals(1, executions.get(), "the body ran once");
    assertEquals(first.key(), second.key());
    assertEquals(first.runId(), second.computedBy());
    assertNotEquals(first.runId(), second.runId(), "a hit is recorded as a run of its own");
    assertEquals(first.output("features").artifact().digest(), second.output("features").artifact().digest());
    assertEquals(Files.readString(first.output("features").path()), Files.readString(second.output("features").path()));
    assertNotEquals(first.output("features").path(), second.output("features").path());

    RunRecord hit = lineage.runRecord(second.runId());
    RunRecord computed = lineage.runRecord(first.runId());
    assertEquals(RunStatus.SUCCEEDED, hit.status());
    assertEquals(RunStatus.SUCCEEDED, computed.status());
    StepExecution served = hit.step().orElseThrow();
    assertEquals(StepExecution.Outcome.HIT, served.outcome());
    assertEquals(java.util.Optional.of(first.runId()), served.entryRun());
    assertEquals(first.key(), served.key());
    assertEquals(StepExecution.Outcome.MISS, computed.step().orElseThrow().outcome());
    assertTrue(hit.tags().isEmpty() && computed.tags().isEmpty(), "step facts are typed, not tags");
    assertEquals(computed.inputs(), hit.inputs(), "the hit run still uses its inputs");
    assertEquals(computed.outputs().stream().map(StepCacheConformanceTest::content).toList(),
        hit.outputs().stream().map(StepCacheConformanceTest::content).toList(), "and yields the same outputs");
    assertEquals(java.util.Optional.of(second.output("features").path().toUri()),
        hit.outputs().get(0).location(), "where the hit restored them");
    assertEquals(computed.params(), hit.params());
  }

  @Test
  void aHitCarriesTheFinalMetricsOfTheRunThatComputedItSoASearchByMetricFindsIt() throws IOException {
    StepResult first = evaluate();
    StepResult second = evaluate();
    assertTrue(second.cacheHit());
    RunRecord hit = lineage.runRecord(second.runId());
    // The hit's own sampler may have taken a sample of its process (lineage.sys.*): those are its own, not results.
    assertEquals(Set.of("accuracy", "loss"), hit.metrics().keySet().stream().filter(k -> !k.startsWith("lineage."))
        .collect(Collectors.toSet()), "a hit read `metrics: none` before");
    assertEquals(0.875, hit.metrics().get("accuracy").lastValue());
    assertEquals(3L, hit.metrics().get("accuracy").lastStep(), "at the computing run's last step");
    assertEquals(0.25, hit.metrics().get("loss").lastValue(), "the final value, not the first");
    assertEquals(List.of(first.runId(), second.runId()).stream().collect(Collectors.toSet()),
        lineage.runs(RunQuery.all().finalMetric("accuracy>0.8")).stream().map(RunRecord::id)
            .collect(Collectors.toSet()), "a search by metric finds the hit too");
  }

  private StepResult evaluate() throws IOException {
    return lineage.step("evaluate").param("threshold", 0.5).input("raw", raw).codeVersion("v1").run(ctx -> {
      executions.incrementAndGet();
      ctx.run().logMetric("loss", 0.75, 1);
      ctx.run().logMetric("loss", 0.25, 3);
      ctx.run().logMetric("accuracy", 0.875, 3);
      ctx.produce(Files.writeString(ctx.outputDir().resolve("evaluation.txt"), "accuracy 0.875"), "evaluation");
    });
  }

  @Test
  void anyChangeToTheKeyIsAMissThatSaysWhichPartChanged() throws IOException {
    assertEquals(Optional.of("no earlier entry of this step records its key"), featurize(7).why());
    assertEquals(Optional.of("param 'window' LONG 7 -> LONG 8"), featurize(8).why());
    assertEquals(2, executions.get(), "param change");
    Files.writeString(raw, "day,sales\n1,11\n");
    StepResult changedInput = featurize(7);
    assertEquals(3, executions.get(), "input content change");
    assertTrue(changedInput.why().orElseThrow().startsWith("input 'raw' sha256:"), changedInput.why().toString());
    StepResult withEnv = lineage.step("featurize").param("window", 7).input("raw", raw).codeVersion("v1")
        .env("cuda", "12.4").run(ctx -> {
          executions.incrementAndGet();
          ctx.produce(Files.writeString(ctx.outputDir().resolve("f"), "x"), "features");
        });
    assertEquals(4, executions.get(), "declared environment change");
    assertEquals(Optional.of("env 'cuda' added (\"12.4\")"), withEnv.why());
    StepResult v2 = lineage.step("featurize").param("window", 7).input("raw", raw).codeVersion("v2").run(ctx -> {
      executions.incrementAndGet();
      ctx.produce(Files.writeString(ctx.outputDir().resolve("f"), "x"), "features");
    });
    assertEquals(5, executions.get(), "code version change");
    assertEquals(Optional.of("code pinned:v1 -> pinned:v2"), v2.why(), "against the nearest entry");
    StepResult again = featurize(7);
    assertEquals(5, executions.get(), "and the unchanged one still hits");
    assertEquals(Optional.empty(), again.why(), "a hit has nothing to explain");
  }

  @Test
  void aLaterHitServesAnEarlierRestoreProvenUnchangedAndNeverAChangedOne() throws IOException {
    StepResult computed = featurize(7);
    StepResult restored = featurize(7);
    assertTrue(restored.cacheHit());
    Path first = restored.output("features").path();
    assertNotEquals(computed.output("features").path(), first, "the computing run's own outputs are not served");
    Object inode = Files.readAttributes(first, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

    StepResult reused = featurize(7);
    assertTrue(reused.cacheHit());
    assertEquals(first, reused.output("features").path(), "the earlier restore, proven unchanged, serves again");
    assertEquals(inode, Files.readAttributes(first, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
        "and nothing was written");

    Files.writeString(first, "edited by the user");
    StepResult afterEdit = featurize(7);
    assertTrue(afterEdit.cacheHit());
    assertNotEquals(first, afterEdit.output("features").path(), "a changed restore is never served");
    assertEquals(Files.readString(computed.output("features").path()),
        Files.readString(afterEdit.output("features").path()));
    assertEquals("edited by the user", Files.readString(first), "and the user's file is left as they made it");

    backend.delete(DocumentedKeys.blob(computed.output("features").artifact().digest()));
    assertFalse(featurize(7).cacheHit(), "a restore never outlives the blob it was served from");
    assertEquals(2, executions.get());
  }

  @Test
  void aCorruptOrMissingBlobIsAMissThatRecomputesNeverAnError() throws IOException {
    StepResult first = featurize(7);
    String blob = DocumentedKeys.blob(first.output("features").artifact().digest());
    backend.delete(blob);
    backend.putIfAbsent(blob, Payload.of("tampered".getBytes(StandardCharsets.UTF_8)));
    StepResult second = featurize(7);
    assertFalse(second.cacheHit(), "corrupt content is never served");
    assertEquals(2, executions.get());
    assertEquals(first.output("features").artifact().digest(), second.output("features").artifact().digest());
    StepResult third = featurize(7);
    assertTrue(third.cacheHit(), "recomputing repaired the blob and the entry");
    assertEquals(Files.readString(first.output("features").path()), Files.readString(third.output("features").path()));

    backend.delete(blob);
    StepResult fourth = featurize(7);
    assertFalse(fourth.cacheHit(), "a missing blob is a miss too");
  }

  @Test
  void aThrowingBodyRecordsFailedPublishesNoEntryAndRethrowsTheSameException() {
    IOException boom = new IOException("out of disk");
    IOException thrown = assertThrows(IOException.class, () -> lineage.step("flaky").input("raw", raw).run(ctx -> {
      throw boom;
    }));
    assertSame(boom, thrown);
    assertTrue(lineage.stepCache().entries("flaky").isEmpty());
    RunRecord failed = lineage.runs(RunQuery.all().name("flaky")).get(0);
    assertEquals(RunStatus.FAILED, failed.status());
  }

  @Test
  void aStepThatProducesNothingOrOutsideItsDirectoryGetsAClearError() throws IOException {
    InvalidInputException nothing = assertThrows(InvalidInputException.class,
        () -> lineage.step("lazy").run(ctx -> { }));
    assertEquals("step outputs", nothing.field());
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "nope");
    InvalidInputException escaped = assertThrows(InvalidInputException.class,
        () -> lineage.step("escaping").run(ctx -> ctx.produce(outside, "out")));
    assertEquals("step output path", escaped.field());
    assertTrue(lineage.stepCache().entries("lazy").isEmpty());
    assertTrue(lineage.stepCache().entries("escaping").isEmpty());
    assertEquals(RunStatus.FAILED, lineage.runs(RunQuery.all().name("lazy")).get(0).status());
  }

  @Test
  void forceRecomputeAndDisabledReadsRunTheBody() throws Exception {
    featurize(7);
    lineage.step("featurize").param("window", 7).input("raw", raw).codeVersion("v1").forceRecompute().run(ctx -> {
      executions.incrementAndGet();
      ctx.produce(Files.writeString(ctx.outputDir().resolve("features.csv"), "other"), "features");
    });
    assertEquals(2, executions.get());
    RunRecord forced = lineage.runs(RunQuery.all().name("featurize")).get(0);
    assertEquals(StepExecution.Outcome.FORCED, forced.step().orElseThrow().outcome());
    assertEquals(java.util.Optional.of(false), forced.step().orElseThrow().outputsMatchEntry(),
        "the first entry stands, and the run says its outputs differ from it");

    Lineage noReads = builder().stepCacheReads(false).build();
    try (noReads) {
      noReads.step("featurize").param("window", 7).input("raw", raw).codeVersion("v1").run(ctx -> {
        executions.incrementAndGet();
        ctx.produce(Files.writeString(ctx.outputDir().resolve("features.csv"), "again"), "features");
      });
    }
    assertEquals(3, executions.get());
  }

  @Test
  void entriesAreListedAndInvalidatedByStepName() throws IOException {
    featurize(7);
    featurize(8);
    assertEquals(2, lineage.stepCache().entries("featurize").size());
    assertEquals(Set.of("features"), lineage.stepCache().entries("featurize").get(0).outputs().keySet());
    assertEquals(2, lineage.stepCache().invalidate("featurize"));
    assertTrue(lineage.stepCache().entries("featurize").isEmpty());
    assertFalse(featurize(7).cacheHit());
    assertEquals(3, executions.get());
  }

  @Test
  void concurrentCallsWithOneKeyRunTheBodyOnce() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<StepResult>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          return lineage.step("slow").param("n", 1).codeVersion("v1").run(ctx -> {
            executions.incrementAndGet();
            Thread.sleep(300);
            ctx.produce(Files.writeString(ctx.outputDir().resolve("out"), "result"), "out");
          });
        }));
      }
      start.countDown();
      List<StepResult> results = new ArrayList<>();
      for (Future<StepResult> f : futures) {
        results.add(f.get());
      }
      assertEquals(1, executions.get(), "the body ran once");
      assertEquals(1, results.stream().map(r -> r.output("out").artifact().digest()).collect(Collectors.toSet()).size());
      assertEquals(1, lineage.stepCache().entries("slow").size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badDeclarationsAreRejectedAtOnce() {
    assertThrows(InvalidInputException.class, () -> lineage.step(""));
    assertThrows(InvalidInputException.class, () -> lineage.step("s").input("raw", tmp.resolve("missing")));
    assertThrows(InvalidInputException.class, () -> lineage.step("s").input("raw", raw).input("raw", raw));
    assertThrows(InvalidInputException.class, () -> lineage.step("s").param("a", 1).param("a", 2));
    assertThrows(InvalidInputException.class, () -> lineage.step("s").codeVersion(" "));
    assertThrows(InvalidInputException.class, () -> lineage.step("s").env("bad\nkey", "v"));
    assertThrows(InvalidInputException.class, () -> lineage.step("s").codeFile(tmp.resolve("missing.py")));
  }

  /** An artifact's content and name, without where a run found it. */
  private static Artifact content(Artifact a) {
    return new Artifact(a.digest(), a.kind(), a.size(), a.name());
  }
}
