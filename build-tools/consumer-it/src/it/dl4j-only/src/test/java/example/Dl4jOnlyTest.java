package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * docs/dl4j.md's dependency block: lineage-dl4j alone (DL4J itself is the user's, provided). The default store
 * opens (it failed with "no storage backend for file" when lineage-dl4j did not bring the filesystem backend).
 */
class Dl4jOnlyTest {
  @Test
  void theDefaultStoreOpensWithTheOneDocumentedDependency() {
    try (Lineage lineage = Lineage.open()) {
      RunId id = lineage.run("train", run -> {
        run.logParam("epochs", 3);
        return run.id();
      });
      assertEquals(RunStatus.SUCCEEDED, lineage.runRecord(id).status());
    }
  }
}
