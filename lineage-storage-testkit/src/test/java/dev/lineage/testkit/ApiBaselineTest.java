package dev.lineage.testkit;

import dev.lineage.build.ApiBaseline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module's public API is the one checked in (api/lineage-storage-testkit.api; docs/compatibility.md says how to change it). */
class ApiBaselineTest {
  @Test
  void thePublicApiIsTheCheckedInBaseline() {
    ApiBaseline.check(Path.of("target/classes"), Path.of("src/main/java"), Path.of("api/lineage-storage-testkit.api"), "lineage-storage-testkit",
        "org.junit."); // JUnit's: the suites are JUnit 5 tests
  }
}
