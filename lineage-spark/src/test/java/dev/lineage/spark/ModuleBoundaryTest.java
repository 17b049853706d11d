package dev.lineage.spark;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** This module uses core's API and SPI only: its own internals (dev.lineage.internal.spark) and none of core's. */
class ModuleBoundaryTest {
  @Test
  void usesOnlyTheApiAndTheSpiOfCore() {
    JavaClasses mine = new ClassFileImporter().importPath(Path.of("target/classes"));
    noClasses().should().dependOnClassesThat(resideInAPackage("dev.lineage.internal..")
            .and(not(resideInAPackage("dev.lineage.internal.spark.."))))
        .because("other modules see core through its API and SPI alone (docs/architecture.md)")
        .check(mine);
  }

  @Test
  void itsInternalPackagesHaveNoCycle() {
    dev.lineage.build.ModuleRules.internalPackagesHaveNoCycle(Path.of("target/classes"));
  }
}
