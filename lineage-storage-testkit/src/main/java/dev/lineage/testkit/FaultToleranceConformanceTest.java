package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.ParamValue;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelVersion;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What storage failures must never do: record a crash as a success, lose a param because metrics failed, wedge a
 * writer, delete data on a read path, or acknowledge one registry version to two writers.
 *
 * @since 0.1.0
 */
public abstract class FaultToleranceConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** The backend under test behind fault injection: each test says which operations fail, and how. */
  protected FaultInjectingBackend faults;
  /** A Lineage over the backend under test, opened before each test and closed after it. */
  protected Lineage lineage;

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void open() throws Exception {
    faults = new FaultInjectingBackend(newBackend());
    lineage = builder(faults).build();
  }

  private Lineage.Builder builder(StorageBackend backend) {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false);
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  @Test
  void aMetricFlushThatFailsWithALinkageErrorKeepsParamsAndArtifactsAndIsNeverSucceeded() throws Exception {
    faults.failNext(FaultInjectingBackend.Operation.PUT, k -> k.contains("/metrics/"),
        FaultInjectingBackend.Fault.LINKAGE_ERROR, 1000);
    Path data = Files.writeString(tmp.resolve("data.csv"), "a,b\n");
    RunId[] id = new RunId[1];
    StorageException thrown = assertThrows(StorageException.class, () -> lineage.run("spark-like", run -> {
      id[0] = run.id();
      run.logParam("lr", 0.01);
      run.use(data, "data");
      run.logMetric("loss", 0.5, 0);
      return null;
    }));
    assertTrue(thrown.getMessage().contains("NoClassDefFoundError"), thrown.getMessage());
    RunRecord record = lineage.runRecord(id[0]);
    assertEquals(RunStatus.INCOMPLETE, record.status(), "a run whose metrics could not be stored did not succeed");
    assertEquals(Map.of("lr", ParamValue.of(0.01)), record.params(), "params are not lost with the metrics");
    assertEquals(1, record.inputs().size(), "nor are artifact events");
    assertFalse(record.trackingErrors().isEmpty());
    assertTrue(record.failure().orElseThrow().contains("incomplete"), record.failure().toString());
  }

  @Test
  void aJournalWriteThatLandedButReportedUnknownNeverWedgesTheWriter() {
    Run run = lineage.newRun("wedge");
    run.logParam("a", 1L);
    faults.failNext(FaultInjectingBackend.Operation.PUT, k -> k.contains("/log/"),
        FaultInjectingBackend.Fault.LANDED_THEN_UNKNOWN, 4);
    assertThrows(UnknownOutcomeException.class, run::flush, "every attempt's outcome was unknown");
    run.logParam("b", 2L);
    run.flush(); // re-offers the sealed batch unchanged, finds it landed, then writes the next
    run.succeed();
    run.close();
    RunRecord record = lineage.runRecord(run.id());
    assertEquals(Map.of("a", ParamValue.of(1L), "b", ParamValue.of(2L)), record.params());
    assertEquals(RunStatus.SUCCEEDED, record.status());
  }

  @Test
  void aPutThatFailsEveryAttemptWithoutLandingIsAStorageExceptionNotAnUnknownOutcome() {
    Run run = lineage.newRun("refused");
    run.logParam("a", 1L);
    faults.failNext(FaultInjectingBackend.Operation.PUT, k -> k.contains("/log/"),
        FaultInjectingBackend.Fault.TRANSIENT, 4);
    StorageException e = assertThrows(StorageException.class, run::flush, "every attempt failed, none landed");
    assertTrue(e.getMessage().contains("did not land"), e.getMessage());
    run.flush(); // the sealed batch is offered again, unchanged
    run.succeed();
    run.close();
    RunRecord record = lineage.runRecord(run.id());
    assertEquals(Map.of("a", ParamValue.of(1L)), record.params());
    assertEquals(RunStatus.SUCCEEDED, record.status());
  }

  @Test
  void anUnknownOutcomeThatDidNotLandIsWrittenByTheRetry() {
    faults.failNext(FaultInjectingBackend.Operation.PUT, k -> k.contains("/log/"),
        FaultInjectingBackend.Fault.UNKNOWN_NOT_LANDED, 1);
    RunId id = lineage.run("lost", run -> {
      run.logParam("kept", true);
      return run.id();
    });
    assertEquals(ParamValue.of(true), lineage.runRecord(id).params().get("kept"));
  }

  @Test
  void paramsTagsAndArtifactsAreDurableWithinASecondWithoutAFlush() throws Exception {
    Path data = Files.writeString(tmp.resolve("d.csv"), "x\n");
    try (Run run = lineage.newRun("durable")) {
      run.logParam("lr", 0.5);
      run.setTag("team", "ml");
      run.use(data, "d");
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
      try (Lineage reader = builder(ForwardingBackend.unclosed(faults.delegate())).build()) {
        RunRecord seen;
        do {
          seen = reader.runRecord(run.id());
          Thread.sleep(20);
        } while (seen.params().isEmpty() && System.nanoTime() < deadline);
        assertEquals(ParamValue.of(0.5), seen.params().get("lr"), "a param is in the store within 1 s of the call");
        assertEquals("ml", seen.tags().get("team"));
        assertEquals(1, seen.inputs().size());
      }
      run.succeed();
    }
  }

  @Test
  void aTransientFailureReadingAHitsBlobDeletesNothingAndTheModelStaysRestorable() throws Exception {
    Path raw = Files.writeString(tmp.resolve("raw.csv"), "1,2\n");
    StepResult first = step(raw);
    Artifact model = first.output("model").artifact();
    ModelVersion v1 = lineage.registry().register("churn", model, first.runId());
    String blob = DocumentedKeys.blob(model.digest());

    faults.failNext(FaultInjectingBackend.Operation.GET, blob::equals, FaultInjectingBackend.Fault.TRANSIENT, 1);
    assertTrue(step(raw).cacheHit(), "one failed read is retried, and the hit stands");
    faults.failNext(FaultInjectingBackend.Operation.GET, blob::equals, FaultInjectingBackend.Fault.TRANSIENT, 1000);
    assertFalse(step(raw).cacheHit(), "a blob that cannot be read makes a miss");
    faults.clearScripts();
    assertEquals(List.of(), faults.deletes(), "reading the cache deleted nothing");
    Path restored = lineage.restore(lineage.registry().version("churn", v1.version()).artifact(),
        tmp.resolve("restored.bin"));
    assertEquals("model of 1,2\n", Files.readString(restored));
    assertTrue(step(raw).cacheHit(), "and the entry still serves");
  }

  @Test
  void aShortReadOfACommitsReadBackIsNotAnotherWritersObject() throws Exception {
    Path raw = Files.writeString(tmp.resolve("raw.csv"), "1,2\n");
    faults.failNext(FaultInjectingBackend.Operation.GET, k -> k.startsWith("stepcache/"),
        FaultInjectingBackend.Fault.TRUNCATED, 1);
    StepResult computed = step(raw);
    assertFalse(computed.cacheHit());
    assertTrue(step(raw).cacheHit(), "the entry that was read back short is the one that serves");

    ModelVersion v1 = lineage.registry().register("churn", computed.output("model").artifact(), computed.runId());
    faults.failNext(FaultInjectingBackend.Operation.GET, k -> k.contains("/aliases/"),
        FaultInjectingBackend.Fault.TRUNCATED, 1);
    lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(v1.version())
        .reason("first").build());
    assertEquals(1, lineage.registry().aliasHistory("churn", "production").size(),
        "the move landed once and was acknowledged, not taken for a racing writer's");
  }

  private StepResult step(Path raw) throws Exception {
    return lineage.step("train").input("raw", raw).codeVersion("v1").run(ctx -> {
      Path out = ctx.outputDir().resolve("model.bin");
      Files.writeString(out, "model of " + Files.readString(ctx.input("raw")));
      ctx.produce(out, "model");
    });
  }

  @Test
  void aServerWhoseConditionalPutIsNotAtomicNeverAcknowledgesOneVersionTwice() throws Exception {
    NonAtomicPuts racy = new NonAtomicPuts(ForwardingBackend.unclosed(faults.delegate()), "registry/models/m/versions/", 2);
    try (Lineage a = builder(racy).build(); Lineage b = builder(ForwardingBackend.unclosed(racy)).build()) {
      Path file = Files.writeString(tmp.resolve("m.bin"), "model");
      Artifact artifact = a.run("make", run -> run.produce(file, "m"));
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<ModelVersion> first = pool.submit(() -> a.registry().register("m", artifact));
        Future<ModelVersion> second = pool.submit(() -> b.registry().register("m", artifact));
        int v1 = first.get(30, TimeUnit.SECONDS).version();
        int v2 = second.get(30, TimeUnit.SECONDS).version();
        assertNotEquals(v1, v2, "both writers were told they registered the same version");
        assertEquals(Set.of(1, 2), Set.of(v1, v2));
      } finally {
        pool.shutdownNow();
      }
      assertEquals(2, a.registry().versions("m").size());
    }
  }

  /**
   * A storage service whose put-if-absent is not atomic (as Adobe S3Mock's {@code If-None-Match: *} was measured to
   * be): the first {@code racers} puts of keys under {@code racedPrefix} all see the key absent, all write, the
   * later overwriting the earlier, and all are told CREATED once every one has written.
   */
  static final class NonAtomicPuts extends ForwardingBackend {
    private final String racedPrefix;
    private final CyclicBarrier checked;
    private final CyclicBarrier written;
    private final java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
    private final int racers;

    NonAtomicPuts(StorageBackend delegate, String racedPrefix, int racers) {
      super(delegate);
      this.racedPrefix = racedPrefix;
      this.racers = racers;
      this.checked = new CyclicBarrier(racers);
      this.written = new CyclicBarrier(racers);
    }

    @Override
    public PutResult putIfAbsent(String key, Payload payload) {
      if (!key.startsWith(racedPrefix) || entered.getAndIncrement() >= racers) {
        return delegate.putIfAbsent(key, payload);
      }
      if (delegate.stat(key).isPresent()) {
        return PutResult.ALREADY_EXISTS;
      }
      try {
        checked.await(10, TimeUnit.SECONDS); // every racer saw it absent
        synchronized (this) {
          delegate.delete(key);
          delegate.putIfAbsent(key, payload);
        }
        written.await(10, TimeUnit.SECONDS); // every racer wrote: the last one's bytes stand
      } catch (Exception e) {
        throw new AssertionError("the racers did not meet", e);
      }
      return PutResult.CREATED;
    }
  }
}
