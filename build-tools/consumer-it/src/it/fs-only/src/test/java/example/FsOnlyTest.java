package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's plain-Java setup: lineage-storage-fs alone, the default store in a folder. */
class FsOnlyTest {
  @Test
  void aRunIsRecordedInTheDefaultStoreAndReadBack(@TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("train.csv"), "a,b\n1,2\n");
    try (Lineage lineage = Lineage.open()) {
      RunId id = lineage.run("train", run -> {
        run.logParam("lr", 0.01);
        run.logMetric("loss", 0.5, 0);
        run.use(data, "train-data");
        return run.id();
      });
      RunRecord r = lineage.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, r.status());
      assertEquals(0.01, r.params().get("lr").asDouble());
      assertEquals(data.toUri(), r.inputs().get(0).location().orElseThrow());
    }
    assertTrue(Files.isDirectory(Path.of(System.getProperty("lineage.store"), "runs")), "the store is a folder");
  }
}
