package dev.lineage.samples.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.Closure;
import dev.lineage.query.Node;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DL4J sample does what its documentation says. */
class IrisTrainingTest {
  @TempDir Path dir;

  @Test
  void theSampleTrainsRecordsAndCachesItsDataPreparation() throws Exception {
    try (Lineage lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false).build()) {
      IrisTraining.Outcome first = IrisTraining.train(lineage, dir.resolve("models"), 10);
      assertFalse(first.dataWasCached());
      RunRecord run = lineage.runRecord(first.trainRun());
      assertEquals(RunStatus.SUCCEEDED, run.status(), run.trackingErrors().toString());
      assertEquals(150, run.metrics().get("score").count(), "15 batches for 10 epochs");
      assertTrue(run.metrics().get("test.accuracy").lastValue() > 0.8, run.metrics().toString());
      assertEquals(Digest.of(dir.resolve("models/iris-model.zip")), first.model().digest());
      Closure upstream = lineage.graph().upstream(Node.artifact(first.model().digest()));
      assertTrue(upstream.hasArtifactNamed("iris") && upstream.hasArtifactNamed("network-configuration"));

      assertTrue(IrisTraining.train(lineage, dir.resolve("models"), 10).dataWasCached(),
          "the second time, the data preparation is a cache hit");
    }
  }
}
