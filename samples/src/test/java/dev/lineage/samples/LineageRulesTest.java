package dev.lineage.samples;

import static dev.lineage.test.ArtifactMatcher.artifact;
import static dev.lineage.test.ArtifactMatcher.artifactNamed;
import static dev.lineage.test.LineageAssertions.assertThatAlias;
import static dev.lineage.test.LineageAssertions.assertThatArtifact;
import static dev.lineage.test.LineageAssertions.assertThatModel;
import static dev.lineage.test.LineageAssertions.assertThatStore;
import static dev.lineage.test.RunMatcher.runNamed;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage rules a team asserts in CI, over the demo pipeline's own store (a real directory): each rule is a
 * chain of lines that reads like the rule, and a broken one prints the lineage that broke it.
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

  @AfterAll
  static void close() {
    lineage.close();
  }

  @Test
  void theProductionModelWasTrainedOnTheTrainSplitByASucceededRun() {
    assertThatModel(lineage, ChurnDemo.MODEL, "production")
        .wasTrainedOn(artifactNamed("train-data"))
        .dependsOnRun(runNamed("prepare-data"))
        .hasParam("learning_rate", 0.01)
        .hasParam("epochs", 5L)
        .wasProducedByRunWithStatus(RunStatus.SUCCEEDED)
        .neverDependsOn(artifactNamed("leaky"));
  }

  @Test
  void theTrainStepReadsOnlyTrainingFeatures() {
    // Within one edge of the training run: what it read itself (featurize saw both splits, by design).
    assertThatModel(lineage, ChurnDemo.MODEL, "production").withinDepth(3)
        .dependsOn(artifactNamed("train-features"))
        .neverDependsOn(artifactNamed("test-features"))
        .neverDependsOn(artifactNamed("test-data"));
  }

  @Test
  void noModelDownstreamOfTheQuarantinedDatasetIsInProduction() {
    assertThatArtifact(lineage, quarantined.digest()).neverReachesAlias(ChurnDemo.MODEL, "production")
        .neverFeeds(artifactNamed("churn-model"));
  }

  @Test
  void everyVersionEverInProductionWasTrainedOnTheTrainSplit() {
    assertThatAlias(lineage, ChurnDemo.MODEL, "production").everyVersion(v -> v
        .wasTrainedOn(artifactNamed("train-data"))
        .hasFinalMetric("loss", l -> l < 1.0, "below 1.0"));
  }

  @Test
  void theImpactOfTheTrainSplitReachesProduction() {
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatModel(lineage, ChurnDemo.MODEL,
        "production").neverDependsOn(artifact("the demo's training data", a -> a.name()
        .filter("train-data"::equals).isPresent())));
    String m = e.getMessage();
    assertTrue(m.contains("<- run train") && m.contains("<- run featurize") && m.contains("<- artifact train-data"),
        "the message shows the path from the model back to the data: " + m);
  }

  @Test
  void theDemoStoreIsHealthy() {
    assertThatStore(lineage).hasNoProblems().verifies();
  }
}
