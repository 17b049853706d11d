package example;

import static dev.lineage.test.ArtifactMatcher.artifactNamed;
import static dev.lineage.test.LineageAssertions.assertThatArtifact;

import dev.lineage.Lineage;
import dev.lineage.test.LineageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/testing.md's setup: lineage-test alone, in test scope, the rules run against a store in a folder
 * (-Dlineage.test.store, as CI runs them), which needs the filesystem backend it now brings.
 */
@LineageTest
class RulesOnlyTest {
  @Test
  void aModelsUpstreamIsItsTrainingData(Lineage lineage, @TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("validated.csv"), "a,b\n1,2\n");
    Path model = dir.resolve("model.bin");
    lineage.run("train", run -> {
      run.use(data, "validated-train");
      run.produce(Files.writeString(model, "weights"), "model");
      return null;
    });
    assertThatArtifact(lineage, model).wasTrainedOn(artifactNamed("validated-train"))
        .neverDependsOn(artifactNamed("quarantined"));
  }
}
