package dev.lineage.test;

import static dev.lineage.test.ArtifactMatcher.artifactAt;
import static dev.lineage.test.ArtifactMatcher.artifactNamed;
import static dev.lineage.test.LineageAssertions.assertThatAlias;
import static dev.lineage.test.LineageAssertions.assertThatArtifact;
import static dev.lineage.test.LineageAssertions.assertThatModel;
import static dev.lineage.test.LineageAssertions.assertThatModelVersion;
import static dev.lineage.test.LineageAssertions.assertThatRun;
import static dev.lineage.test.LineageAssertions.assertThatStore;
import static dev.lineage.test.RunMatcher.runNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.RunStatus;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules a team asserts, over a small store: validated data trains the production model; a quarantined
 * dataset trains a second model that was briefly production. Passing rules pass; failing ones say why, with the
 * lineage that matters in the message.
 */
@LineageTest
class LineageAssertionsTest {
  @TempDir Path tmp;
  private Artifact validated;
  private Artifact quarantined;
  private RunId goodTraining;
  private RunId badTraining;

  @BeforeEach
  void store(Lineage lineage) throws Exception {
    Path raw = Files.writeString(tmp.resolve("raw.csv"), "id,churned\n1,0\n2,1\n");
    validated = lineage.run("validate", run -> {
      run.use(raw, "raw-2024-05");
      return run.produce(Files.writeString(tmp.resolve("validated.csv"), "id,churned\n1,0\n"), "validated-train");
    });
    quarantined = lineage.run("ingest-june", run ->
        run.produce(Files.writeString(tmp.resolve("june.csv"), "id,churned\n9,9\n"), "quarantined-2024-06"));
    goodTraining = train(lineage, validated, 0.01, "good");
    badTraining = train(lineage, quarantined, 0.1, "bad");
    ModelVersion v1 = lineage.registry().register("churn", lineage.runRecord(goodTraining).outputs().get(0),
        goodTraining);
    ModelVersion v2 = lineage.registry().register("churn", lineage.runRecord(badTraining).outputs().get(0),
        badTraining);
    lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(v2.version())
        .reason("newer").build());
    lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expecting(v2.version())
        .to(v1.version()).reason("rolled back").build());
  }

  private RunId train(Lineage lineage, Artifact data, double lr, String weights) throws Exception {
    return lineage.run("train", run -> {
      run.logParam("learning_rate", lr);
      run.use(tmp.resolve(data.name().orElseThrow().startsWith("validated") ? "validated.csv" : "june.csv"),
          data.name().orElseThrow());
      run.logMetric("accuracy", lr < 0.05 ? 0.84 : 0.61, 0);
      run.produce(Files.writeString(tmp.resolve("model-" + weights + ".bin"), "weights " + weights), "churn-model");
      return run.id();
    });
  }

  @Test
  void theProductionModelFollowsTheRules(Lineage lineage) {
    assertThatModel(lineage, "churn", "production")
        .wasTrainedOn(artifactNamed("validated-train"))
        .dependsOn(artifactNamed("raw-2024-05"))
        .hasParam("learning_rate", 0.01)
        .hasFinalMetric("accuracy", a -> a > 0.8, "above 0.8")
        .wasProducedByRunWithStatus(RunStatus.SUCCEEDED)
        .neverDependsOn(artifactNamed("quarantined-2024-06"))
        .dependsOnRun(runNamed("validate"));
    assertThatStore(lineage).hasNoProblems().verifies();
  }

  @Test
  void aBrokenRuleShowsThePathToWhatShouldNotBeThere(Lineage lineage) {
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatModelVersion(lineage, "churn", 2)
        .neverDependsOn(artifactNamed("quarantined-2024-06")));
    String m = e.getMessage();
    assertTrue(m.startsWith("Expected model churn@2 (" + lineage.registry().version("churn", 2).artifact().digest()
        + ") never to depend on an artifact named 'quarantined-2024-06', but it does, by this path:"), m);
    assertTrue(m.contains("model version churn@2"), m);
    assertTrue(m.contains("run train " + badTraining + " SUCCEEDED params {learning_rate=0.1}"), m);
    assertTrue(m.contains("artifact quarantined-2024-06 " + quarantined.digest()), m);
    assertTrue(m.indexOf("churn@2") < m.indexOf("run train") && m.indexOf("run train") < m.lastIndexOf("quarantined"),
        "the path reads from the model back to the data: " + m);
  }

  @Test
  void aMissingDependencyShowsTheUpstreamTreeAndItsNames(Lineage lineage) {
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatModelVersion(lineage, "churn", 2)
        .wasTrainedOn(artifactNamed("validated-train")));
    String m = e.getMessage();
    assertTrue(m.contains("to depend on an artifact named 'validated-train', but nothing upstream is."), m);
    assertTrue(m.contains("<- run train " + badTraining), m);
    assertTrue(m.contains("Artifact names upstream: churn-model, quarantined-2024-06"), m);
  }

  @Test
  void aWrongParamNamesTheRunAndItsParams(Lineage lineage) {
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatModelVersion(lineage, "churn", 2)
        .hasParam("learning_rate", 0.01));
    assertTrue(e.getMessage().contains("with param learning_rate = DOUBLE 0.01, but it is DOUBLE 0.1:\n  run train "
        + badTraining), e.getMessage());
  }

  @Test
  void everyVersionUnderAnAliasIsCheckedAndEachBreakIsNamed(Lineage lineage) {
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatAlias(lineage, "churn", "production")
        .everyVersion(v -> v.neverDependsOn(artifactNamed("quarantined-2024-06"))));
    String m = e.getMessage();
    assertTrue(m.startsWith("Expected every version churn:production has pointed to ([2, 1]) to satisfy the rule, "
        + "but 1 did not:"), m);
    assertTrue(m.contains("version 2 (moved there by"), m);
    assertTrue(m.contains(": newer):"), m);
    assertThatAlias(lineage, "churn", "production").everyVersion(v -> v.hasFinalMetric("accuracy", a -> a > 0.5,
        "above 0.5"));
  }

  @Test
  void downstreamRulesFindTheModelsABadDatasetReached(Lineage lineage) throws Exception {
    assertThatArtifact(lineage, quarantined.digest()).feeds(artifactNamed("churn-model"));
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatArtifact(lineage, quarantined.digest())
        .neverFeeds(artifactNamed("churn-model")));
    assertTrue(e.getMessage().contains("-> run train " + badTraining), e.getMessage());
    assertThatArtifact(lineage, quarantined.digest()).neverReachesAlias("churn", "production");
    AssertionError prod = assertThrows(AssertionError.class, () -> assertThatArtifact(lineage, validated.digest())
        .neverReachesAlias("churn", "production"));
    assertTrue(prod.getMessage().contains("churn@1 is downstream and under it"), prod.getMessage());
  }

  @Test
  void depthBoundsAndFilesAndRuns(Lineage lineage) {
    assertThatModel(lineage, "churn", "production").withinDepth(3).dependsOn(artifactNamed("validated-train"));
    AssertionError e = assertThrows(AssertionError.class, () -> assertThatModel(lineage, "churn", "production")
        .withinDepth(3).dependsOn(artifactNamed("raw-2024-05")));
    assertTrue(e.getMessage().contains("within 3 edges, but nothing upstream is."), e.getMessage());
    assertThatArtifact(lineage, tmp.resolve("model-good.bin")).dependsOn(artifactAt(tmp.resolve("raw.csv")));
    assertThatRun(lineage, goodTraining).hasParam("learning_rate", 0.01).neverDependsOn(
        artifactNamed("quarantined-2024-06"));
  }

  @Test
  void aDirtyOrUnknownCommitIsNamedNotGuessed(Lineage lineage) {
    var state = lineage.runRecord(goodTraining).fingerprint().gitState();
    if (state == dev.lineage.GitState.CLEAN) {
      assertThatModel(lineage, "churn", "production").cameFromCleanCommit();
    } else {
      AssertionError e = assertThrows(AssertionError.class, () -> assertThatModel(lineage, "churn", "production")
          .cameFromCleanCommit());
      assertTrue(e.getMessage().contains("to have been made from a clean commit, but the run's git state is "
          + state), e.getMessage());
    }
  }

  @Test
  void missingSubjectsAreAssertionFailuresThatSaySo(Lineage lineage) {
    assertEquals("Expected churn:staging to point to a version, but it points nowhere",
        assertThrows(AssertionError.class, () -> assertThatModel(lineage, "churn", "staging")).getMessage());
    assertTrue(assertThrows(AssertionError.class, () -> assertThatModel(lineage, "fraud", "production"))
        .getMessage().contains("the store has no model 'fraud'"));
    assertTrue(assertThrows(AssertionError.class, () -> assertThatModelVersion(lineage, "churn", 9)).getMessage()
        .contains("churn@9 to exist"));
  }
}
