package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.maintenance.DoctorReport;
import dev.lineage.maintenance.DoctorReport.Finding;
import dev.lineage.maintenance.DoctorReport.Guarantee;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.maintenance.GcReport;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store doctor over a backend: on a service that keeps every guarantee it says so and leaves nothing behind;
 * on one whose put-if-absent is a check then a write (as Adobe S3Mock's was measured to be), it says the put is
 * not atomic and that many writers are not safe.
 *
 * @since 0.1.0
 */
public abstract class DoctorConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  private Lineage over(StorageBackend backend) {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).workDir(tmp.resolve("work"))
        .systemMetrics(false).build();
  }

  private static Finding finding(DoctorReport report, Guarantee g) {
    return report.findings().stream().filter(f -> f.guarantee() == g).findFirst().orElseThrow();
  }

  @Test
  void aServiceThatKeepsEveryGuaranteeIsSaidToAndTheDoctorLeavesNothingBehind() throws Exception {
    StorageBackend backend = newBackend();
    try (Lineage lineage = over(backend)) {
      lineage.run("before", run -> run.logParam("k", 1L));
      DoctorReport report = lineage.maintenance().doctor(null);
      assertEquals(List.of(Guarantee.values()), report.findings().stream().map(Finding::guarantee).toList());
      assertTrue(report.ok(), report.findings().toString());
      assertTrue(report.manyWritersSafe());
      assertTrue(finding(report, Guarantee.PUT_IF_ABSENT_ATOMIC).detail().contains("25 rounds of 8"),
          report.findings().toString());
      assertEquals(List.of(), backend.listAll("doctor/"), "no probe is left");
      assertTrue(lineage.maintenance().verify().ok(), "the store verifies as before");
    }
  }

  @Test
  void aServiceWhosePutIfAbsentIsACheckThenAWriteIsNotAtomicAndNotSafeForManyWriters() throws Exception {
    try (Lineage lineage = over(new CheckThenWrite(newBackend()))) {
      DoctorReport report = lineage.maintenance().doctor(null);
      Finding atomic = finding(report, Guarantee.PUT_IF_ABSENT_ATOMIC);
      assertFalse(atomic.holds(), report.findings().toString());
      assertTrue(atomic.detail().startsWith("25 of 25 rounds"), atomic.detail());
      assertFalse(report.manyWritersSafe());
      assertTrue(finding(report, Guarantee.PUT_IF_ABSENT_REFUSES_EXISTING).holds(), "a put alone is still refused");
      assertTrue(finding(report, Guarantee.READ_AFTER_WRITE).holds());
    }
  }

  @Test
  void aProbeADoctorThatDiedLeftIsNoProblemToVerifyAndGarbageToCollection() throws Exception {
    StorageBackend backend = newBackend();
    try (Lineage lineage = over(backend)) {
      lineage.run("before", run -> run.logParam("k", 1L));
      String left = "doctor/01M98AAAAAAAAAAAAAAAAAAAAA/race/3";
      backend.putIfAbsent(left, Payload.of(new byte[] {1}));
      assertTrue(lineage.maintenance().verify().ok(), "a marked probe is not a stray");
      GcReport gc = lineage.maintenance().gc(GcOptions.deleting().withGrace(java.time.Duration.ZERO));
      assertEquals(List.of(new GcReport.Garbage(left, GcReport.Kind.DOCTOR_PROBE, 1)), gc.garbage().stream()
          .filter(g -> g.kind() == GcReport.Kind.DOCTOR_PROBE).toList());
      assertEquals(List.of(), backend.listAll("doctor/"));
    }
  }

  /**
   * A put-if-absent that checks, then writes: the first two racers on a key both find it absent (they meet before
   * either writes, so the race happens every time, not by chance), both write, and both are told CREATED.
   */
  static final class CheckThenWrite extends ForwardingBackend {
    private final Map<String, CyclicBarrier> met = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> arrived = new ConcurrentHashMap<>();

    CheckThenWrite(StorageBackend delegate) {
      super(delegate);
    }

    @Override
    public PutResult putIfAbsent(String key, Payload payload) {
      if (!key.contains("/race/") || arrived.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() >= 2) {
        return delegate.putIfAbsent(key, payload);
      }
      try { // both checked before either wrote: the key was absent to both
        met.computeIfAbsent(key, k -> new CyclicBarrier(2)).await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the first two racers on " + key + " did not meet", e);
      }
      synchronized (this) {
        delegate.delete(key);
        delegate.putIfAbsent(key, payload);
      }
      return PutResult.CREATED;
    }
  }
}
