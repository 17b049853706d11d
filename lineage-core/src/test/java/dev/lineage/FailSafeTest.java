package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an integration records never throws into the user's work, and the run never reads SUCCEEDED for it. */
class FailSafeTest {
  @TempDir Path dir;

  @Test
  void aFailureIsLoggedOnceMarkedEachTimeAndNeverThrown() {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        warnings.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.lineage.test.FailSafe");
    logger.addHandler(handler);
    try (Lineage lineage = Lineage.builder().store("mem:").cacheDir(dir).systemMetrics(false).build()) {
      RunId id;
      try (Run run = lineage.newRun("integrated")) {
        id = run.id();
        FailSafe quietly = FailSafe.of(run, "the test integration", "the work", "dev.lineage.test.FailSafe");
        assertFalse(quietly.failedAny());
        quietly.run("a param", () -> run.logParam("kept", 1L));
        assertDoesNotThrow(() -> quietly.run("the configuration", () -> {
          throw new NoClassDefFoundError("org/apache/parquet/Clashing");
        }));
        assertDoesNotThrow(() -> quietly.run("the model", () -> {
          throw new StorageException("disk full");
        }));
        assertTrue(quietly.failedAny());
        run.succeed();
      }
      RunRecord record = lineage.runRecord(id);
      assertEquals(RunStatus.INCOMPLETE, record.status());
      assertEquals(List.of("the test integration could not record the configuration: java.lang.NoClassDefFoundError: "
          + "org/apache/parquet/Clashing", "the test integration could not record the model: "
          + "dev.lineage.StorageException: disk full"), record.trackingErrors());
      assertEquals(1L, record.params().get("kept").asLong(), "what could be recorded was");
      assertEquals(1, warnings.size(), "logged once: " + warnings);
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void itsArgumentsAreChecked() {
    try (Lineage lineage = Lineage.builder().store("mem:").cacheDir(dir).systemMetrics(false).build();
        Run run = lineage.newRun("x")) {
      assertThrows(InvalidInputException.class, () -> FailSafe.of(null, "w", "x", "y"));
      assertEquals("who", assertThrows(InvalidInputException.class, () -> FailSafe.of(run, " ", "x", "y")).field());
      run.succeed();
    }
  }
}
