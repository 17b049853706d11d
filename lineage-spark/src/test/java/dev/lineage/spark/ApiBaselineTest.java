package dev.lineage.spark;

import dev.lineage.build.ApiBaseline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module's public API is the one checked in (api/lineage-spark.api; docs/compatibility.md says how to change it). */
class ApiBaselineTest {
  @Test
  void thePublicApiIsTheCheckedInBaseline() {
    ApiBaseline.check(Path.of("target/classes"), Path.of("src/main/java"), Path.of("api/lineage-spark.api"), "lineage-spark",
        "org.apache.spark."); // Spark's: the plugin is a Spark plugin
  }
}
