package dev.lineage.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnDemoTest {
  @TempDir Path dir;

  @Test
  void theDemoRecordsAFullRunThatReadsBack() throws Exception {
    String store = dir.resolve("store").toString();
    RunId id = ChurnDemo.train(Lineage.open(store), dir.resolve("work"));
    try (Lineage lineage = Lineage.open(store)) {
      RunRecord record = lineage.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, record.status());
      assertEquals(20L, record.params().get("epochs").asLong());
      assertEquals("churn-train", record.inputs().get(0).name().orElseThrow());
      assertEquals("churn-model", record.outputs().get(0).name().orElseThrow());
      List<MetricPoint> loss = lineage.metric(id, "loss");
      assertEquals(20, loss.size());
      assertTrue(loss.get(19).value() < loss.get(0).value(), "the model learns");
      assertTrue(lineage.metric(id, "accuracy").get(19).value() > 0.6);
    }
  }
}
