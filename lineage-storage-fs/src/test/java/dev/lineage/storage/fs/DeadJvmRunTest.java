package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.RunQuery;
import dev.lineage.testkit.JvmProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed in the middle of a run: what it logged is kept, and the run reads as abandoned, never running. */
class DeadJvmRunTest {
  @TempDir Path dir;

  private RunId die(Path store, String mode) throws Exception {
    Path idFile = dir.resolve("run-id-" + mode);
    Path log = dir.resolve("dying-" + mode + ".log");
    Process p = JvmProcesses.start(DyingRunWorker.class, log, store.toString(), idFile.toString(), mode);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(137, p.exitValue(), Files.readString(log));
    return RunId.of(Files.readString(idFile));
  }

  @Test
  void aRunWhoseJvmDiedKeepsWhatItFlushedAndIsAbandonedOnceItsLeaseRunsOut() throws Exception {
    Path store = dir.resolve("store");
    RunId id = die(store, "flush");
    try (Lineage lineage = Lineage.open(store.toString())) {
      RunRecord record = lineage.runRecord(id);
      assertTrue(record.endedAt().isEmpty());
      assertTrue(record.status() == RunStatus.RUNNING || record.status() == RunStatus.ABANDONED, "never succeeded");
      assertEquals(ParamValue.of(0.1), record.params().get("lr"));
      assertEquals(1, lineage.metric(id, "loss").size());
    }
    // A reader 2.5 s later, past the 2 s lease the run recorded, with no heartbeat since: its clock, not a sleep.
    try (Lineage later = Lineage.builder().store(store.toString()).readOnly(true)
        .clock(Clock.offset(Clock.systemUTC(), Duration.ofMillis(2500))).build()) {
      RunRecord abandoned = later.runRecord(id);
      assertEquals(RunStatus.ABANDONED, abandoned.status());
      assertTrue(abandoned.failure().orElse("").contains("whatever it logged after that is lost"),
          "the record names what may be lost: " + abandoned.failure());
      assertEquals(List.of(id), later.runs(RunQuery.all().status(RunStatus.ABANDONED)).stream()
          .map(RunRecord::id).toList(), "a dead run is found as such, not as running");
    }
  }

  @Test
  void paramsAndTagsSurviveAKillOneAndAHalfSecondsInWithoutAnyFlush() throws Exception {
    Path store = dir.resolve("store");
    RunId id = die(store, "1500");
    try (Lineage lineage = Lineage.open(store.toString())) {
      RunRecord record = lineage.runRecord(id);
      assertEquals(ParamValue.of(0.1), record.params().get("lr"), "params are durable within a second of the call");
      assertEquals("ml", record.tags().get("team"));
    }
  }
}
