package dev.lineage.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** This module uses core's API and SPI only: none of core's internals. */
class ModuleBoundaryTest {
  @Test
  void usesOnlyTheApiAndTheSpiOfCore() {
    JavaClasses mine = new ClassFileImporter().importPath(Path.of("target/classes"));
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.lineage.internal..")
        .because("other modules see core through its API and SPI alone (docs/architecture.md)")
        .check(mine);
  }

  @Test
  void itsInternalPackagesHaveNoCycle() {
    dev.lineage.build.ModuleRules.internalPackagesHaveNoCycle(Path.of("target/classes"));
  }
}
