package dev.lineage.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage rules a team asserts in CI, over the demo pipeline's own store: each rule is a line or two.
 */
class LineageRulesTest {
  @TempDir static Path dir;
  static Lineage lineage;
  static Artifact quarantined;

  @BeforeAll
  static void runTheDemoPipeline() throws Exception {
    lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).build();
    ChurnDemo.run(lineage, new ChurnPipeline.Params(3_000, 7, false, 0.01, 5));
    // a dataset that must never reach production
    quarantined = lineage.run("audit", audit ->
        audit.produce(Files.writeString(dir.resolve("leaky.csv"), "customer_id,churned\n1,1\n"), "leaky"));
  }

  private static Node production() {
    ModelVersion v = lineage.registry().alias(ChurnDemo.MODEL, "production").orElseThrow();
    return Node.modelVersion(v.model(), v.version());
  }

  @Test
  void theProductionModelWasTrainedOnTheTrainSplit() {
    assertTrue(lineage.graph().upstream(production()).hasArtifactNamed("train-data"));
  }

  @Test
  void theProductionModelNeverSawTheTestSplit() {
    LineageGraph graph = lineage.graph();
    assertTrue(graph.upstream(production()).artifacts().values().stream()
        .noneMatch(a -> a.name().filter("test-data"::equals).isPresent()
            && graph.consumers(a.digest()).stream().anyMatch(r -> graph.run(r).name().equals("train"))));
  }

  @Test
  void noModelDownstreamOfTheQuarantinedDatasetIsAliased() {
    assertTrue(lineage.graph().downstream(Node.artifact(quarantined.digest())).aliases().isEmpty());
  }

  @Test
  void theImpactOfTheTrainSplitIncludesProduction() {
    LineageGraph graph = lineage.graph();
    Artifact trainSplit = graph.upstream(production()).artifacts().values().stream()
        .filter(a -> a.name().filter("train-data"::equals).isPresent()).findFirst().orElseThrow();
    assertEquals(java.util.Set.of("churn:production"), graph.downstream(Node.artifact(trainSplit.digest()))
        .aliases().keySet());
  }
}
