package dev.lineage.build;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;

/** Architecture rules every module's {@code ModuleBoundaryTest} checks over its own classes. */
public final class ModuleRules {
  private ModuleRules() {}

  /** The module's internal packages ({@code dev.lineage.internal.*}) depend on each other in one direction only. */
  public static void internalPackagesHaveNoCycle(Path classes) {
    SlicesRuleDefinition.slices().matching("dev.lineage.internal.(*)..").should().beFreeOfCycles()
        .allowEmptyShould(true).because("layers inside a module are kept as in core (docs/architecture.md)")
        .check(new ClassFileImporter().importPath(classes));
  }
}
