package dev.lineage.test;

import dev.lineage.build.ApiBaseline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module's public API is the one checked in (api/lineage-test.api; docs/compatibility.md says how to change it). */
class ApiBaselineTest {
  @Test
  void thePublicApiIsTheCheckedInBaseline() {
    ApiBaseline.check(Path.of("target/classes"), Path.of("src/main/java"), Path.of("api/lineage-test.api"), "lineage-test",
        "org.junit."); // JUnit's: the extension is a JUnit 5 extension
  }
}
