package dev.lineage.dl4j;

import dev.lineage.build.ApiBaseline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module's public API is the one checked in (api/lineage-dl4j.api; docs/compatibility.md says how to change it). */
class ApiBaselineTest {
  @Test
  void thePublicApiIsTheCheckedInBaseline() {
    ApiBaseline.check(Path.of("target/classes"), Path.of("src/main/java"), Path.of("api/lineage-dl4j.api"), "lineage-dl4j",
        "org.deeplearning4j.", "org.nd4j."); // DL4J's and ND4J's: the listeners are DL4J listeners
  }
}
