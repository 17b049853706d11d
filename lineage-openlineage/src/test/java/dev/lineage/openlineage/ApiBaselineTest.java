package dev.lineage.openlineage;

import dev.lineage.build.ApiBaseline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module's public API is the one checked in (api/lineage-openlineage.api; docs/compatibility.md says how to change it). */
class ApiBaselineTest {
  @Test
  void thePublicApiIsTheCheckedInBaseline() {
    ApiBaseline.check(Path.of("target/classes"), Path.of("src/main/java"), Path.of("api/lineage-openlineage.api"), "lineage-openlineage",
        "io.openlineage."); // the OpenLineage client's: its events are this module's vocabulary
  }
}
