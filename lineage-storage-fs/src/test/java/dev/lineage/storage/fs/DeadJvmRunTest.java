package dev.lineage.storage.fs;

import dev.lineage.testkit.JvmProcesses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadJvmRunTest {
  @TempDir Path dir;

  @Test
  void aRunWhoseJvmDiedIsNotFinishedAndKeepsWhatItFlushed() throws Exception {
    Path store = dir.resolve("store");
    Path idFile = dir.resolve("run-id");
    Process p = JvmProcesses.start(DyingRunWorker.class, dir.resolve("dying.log"), store.toString(), idFile.toString());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(137, p.exitValue(), Files.readString(dir.resolve("dying.log")));
    RunId id = RunId.of(Files.readString(idFile));
    try (Lineage lineage = Lineage.open(store.toString())) {
      RunRecord record = lineage.runRecord(id);
      assertEquals(RunStatus.RUNNING, record.status(), "never reported as succeeded");
      assertTrue(record.endedAt().isEmpty());
      assertEquals(ParamValue.of(0.1), record.params().get("lr"));
      assertEquals(1, lineage.metric(id, "loss").size());
    }
  }
}
