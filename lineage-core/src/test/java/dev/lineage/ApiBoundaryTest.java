package dev.lineage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/** Only the API ({@code dev.lineage}) and the SPI ({@code dev.lineage.spi}) are public. */
@AnalyzeClasses(packages = "dev.lineage", importOptions = ApiBoundaryTest.ThisModule.class)
class ApiBoundaryTest {
  /**
   * This module's own classes, not a test dependency's that shares the {@code dev.lineage} namespace (the build's
   * API baseline tool) nor this module's tests.
   */
  static final class ThisModule implements ImportOption {
    private static final String OWN = java.nio.file.Path.of("target/classes").toAbsolutePath() + "/";

    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return location.contains(OWN);
    }
  }

  private static final Set<String> PUBLIC_PACKAGES = Set.of("dev.lineage", "dev.lineage.spi", "dev.lineage.spi.gpu",
      "dev.lineage.step", "dev.lineage.query", "dev.lineage.registry", "dev.lineage.maintenance");

  @ArchTest
  static final ArchRule everyClassIsApiSpiOrInternal = classes()
      .should().resideInAnyPackage("dev.lineage", "dev.lineage.spi", "dev.lineage.spi.gpu", "dev.lineage.step",
          "dev.lineage.query", "dev.lineage.registry", "dev.lineage.maintenance", "dev.lineage.internal..");

  @ArchTest
  static final ArchRule publicSignaturesExposeOnlyJdkApiAndSpiTypes = classes()
      .that().resideInAnyPackage("dev.lineage", "dev.lineage.spi", "dev.lineage.spi.gpu", "dev.lineage.step",
          "dev.lineage.query", "dev.lineage.registry", "dev.lineage.maintenance")
      .and().arePublic()
      .should(new ArchCondition<JavaClass>("expose only JDK, API and SPI types in public signatures") {
        @Override
        public void check(JavaClass type, ConditionEvents events) {
          for (JavaCodeUnit member : type.getCodeUnits()) {
            if (!member.getModifiers().contains(JavaModifier.PUBLIC) || member.getName().startsWith("lambda$")) {
              continue;
            }
            member.getReturnType().getAllInvolvedRawTypes().forEach(t -> check(type, member.getFullName(), t, events));
            member.getParameterTypes().forEach(p ->
                p.getAllInvolvedRawTypes().forEach(t -> check(type, member.getFullName(), t, events)));
            member.getThrowsClause().getTypes().forEach(t -> check(type, member.getFullName(), t, events));
          }
          for (JavaField field : type.getFields()) {
            if (field.getModifiers().contains(JavaModifier.PUBLIC)) {
              field.getType().getAllInvolvedRawTypes().forEach(t -> check(type, field.getFullName(), t, events));
            }
          }
        }

        private void check(JavaClass owner, String member, JavaClass used, ConditionEvents events) {
          JavaClass base = used.isArray() ? used.getBaseComponentType() : used;
          boolean allowed = base.isPrimitive() || base.getPackageName().startsWith("java.")
              || PUBLIC_PACKAGES.contains(base.getPackageName());
          if (!allowed) {
            events.add(SimpleConditionEvent.violated(owner, member + " exposes " + base.getName()));
          }
        }
      });

  @ArchTest
  static final ArchRule apiDoesNotDependOnBackendModules = noClasses()
      .that().resideInAnyPackage("dev.lineage..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.lineage.storage..");

  /**
   * One typed layer owns the store: nothing outside it touches the backend or the document codec. (The composition
   * root hands the backend to it; the Parquet codecs of segments and index tables are called through it.)
   */
  @ArchTest
  static final ArchRule onlyTheStoreLayerUsesTheBackend = noClasses()
      .that().resideInAPackage("dev.lineage.internal..")
      .and().resideOutsideOfPackage("dev.lineage.internal.store")
      .and().doNotHaveFullyQualifiedName("dev.lineage.internal.DefaultLineage")
      .and().doNotHaveFullyQualifiedName("dev.lineage.internal.DefaultLineage$Settings")
      .should().dependOnClassesThat().haveFullyQualifiedName("dev.lineage.spi.StorageBackend")
      .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.lineage.internal.store.Documents")
      .as("only the store layer (dev.lineage.internal.store) touches the backend and the document codec");

  @ArchTest
  static final ArchRule spiDoesNotDependOnInternals = noClasses()
      .that().resideInAPackage("dev.lineage.spi..")
      .should().dependOnClassesThat().resideInAPackage("dev.lineage.internal..");

  /** The store layer sits below the artifact service: it hashes with {@code internal.hash}, never through it. */
  @ArchTest
  static final ArchRule theStoreLayerDoesNotReachUpIntoTheArtifactService = noClasses()
      .that().resideInAPackage("dev.lineage.internal.store..")
      .should().dependOnClassesThat().resideInAPackage("dev.lineage.internal.artifact..");

  /** The API asks hashing for a path's digest, never the artifact service (docs/architecture.md, layers). */
  @ArchTest
  static final ArchRule theApiDoesNotReachIntoTheArtifactService = noClasses()
      .that().resideInAnyPackage("dev.lineage", "dev.lineage.query", "dev.lineage.step", "dev.lineage.registry",
          "dev.lineage.maintenance", "dev.lineage.spi..")
      .should().dependOnClassesThat().resideInAPackage("dev.lineage.internal.artifact..");

  /** Maintenance reads manifests through hashing's format, not through the artifact service. */
  @ArchTest
  static final ArchRule maintenanceDoesNotReachIntoTheArtifactService = noClasses()
      .that().resideInAPackage("dev.lineage.internal.maintenance..")
      .should().dependOnClassesThat().resideInAPackage("dev.lineage.internal.artifact..");

  /** Hashing is the bottom layer: it knows only the API's {@code Digest}. */
  @ArchTest
  static final ArchRule hashingDependsOnNoOtherInternals = noClasses()
      .that().resideInAPackage("dev.lineage.internal.hash..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.lineage.internal.artifact..",
          "dev.lineage.internal.store..", "dev.lineage.internal.run..", "dev.lineage.internal.query..");

  @ArchTest
  static final ArchRule internalSlicesAreFreeOfCycles = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition
      .slices().matching("dev.lineage.internal.(*)..").should().beFreeOfCycles();
}
