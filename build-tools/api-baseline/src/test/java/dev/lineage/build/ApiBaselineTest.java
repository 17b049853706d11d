package dev.lineage.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiBaselineTest {
  private static final Path DATED = fixture("dated");
  private static final Path SOURCES = Path.of("src/test/java");

  @TempDir Path dir;

  /** A fixture package's compiled classes. */
  private static Path fixture(String name) {
    return Path.of("target/test-classes/dev/lineage/build/fixture/" + name);
  }

  /** Checks {@code classes} against a baseline of exactly what they are: a failure here is a rule they break. */
  private AssertionError ruleBroken(Path classes, String... frameworks) throws java.io.IOException {
    Path file = baselineOf(classes);
    return assertThrows(AssertionError.class, () -> ApiBaseline.check(classes, SOURCES, file, "m", frameworks));
  }

  private Path baselineOf(Path classes) throws java.io.IOException {
    Path file = dir.resolve(classes.getFileName() + ".api");
    Files.writeString(file, ApiBaseline.describe(classes));
    return file;
  }

  @Test
  void describesPublicMembersInBinaryFormAndNothingInternalOrPackagePrivate() {
    String api = ApiBaseline.describe(DATED);
    assertEquals(String.join("\n",
        "public final class dev.lineage.build.fixture.dated.Sample",
        "  public <init>(java.lang.String)",
        "  public java.lang.String name()",
        "  public static dev.lineage.build.fixture.dated.Sample[] all(java.util.List)",
        "  public static final int LIMIT",
        "public enum dev.lineage.build.fixture.dated.Sample$Kind",
        "  public static dev.lineage.build.fixture.dated.Sample$Kind valueOf(java.lang.String)",
        "  public static dev.lineage.build.fixture.dated.Sample$Kind[] values()",
        "  public static final dev.lineage.build.fixture.dated.Sample$Kind ONE",
        "  public static final dev.lineage.build.fixture.dated.Sample$Kind TWO", ""), api);
  }

  @Test
  void anUnchangedApiPassesAndAnyChangeFailsNamingEachLineAndHowToAcceptIt() throws Exception {
    Path file = dir.resolve("m.api");
    Files.writeString(file, ApiBaseline.describe(DATED));
    ApiBaseline.check(DATED, SOURCES, file, "m");

    Files.writeString(file, ApiBaseline.describe(DATED).replace("  public java.lang.String name()\n", "")
        + "  public void gone()\n");
    AssertionError e = assertThrows(AssertionError.class, () -> ApiBaseline.check(DATED, SOURCES, file, "m"));
    assertTrue(e.getMessage().contains("+ public final class dev.lineage.build.fixture.dated.Sample "
        + "{public java.lang.String name()}"), e.getMessage());
    assertTrue(e.getMessage().contains("- public enum dev.lineage.build.fixture.dated.Sample$Kind "
        + "{public void gone()}"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dapi.update=true"), e.getMessage());

    assertThrows(AssertionError.class, () -> ApiBaseline.check(DATED, SOURCES, dir.resolve("none.api"), "m"),
        "no baseline is a failure, not a pass");
  }

  @Test
  void aPublicTypeWithoutSinceFails() throws Exception {
    AssertionError e = ruleBroken(fixture("undated"));
    assertTrue(e.getMessage().contains("dev.lineage.build.fixture.undated.Undated"), e.getMessage());
    assertFalse(e.getMessage().contains("Sample"));
  }

  @Test
  void aPublicMemberWithoutAJavadocCommentFailsNamingItButAnOverrideOrACompactConstructorDoesNot() throws Exception {
    AssertionError e = ruleBroken(fixture("bare"));
    assertTrue(e.getMessage().contains("3 public packages and members of m have no javadoc comment"), e.getMessage());
    assertTrue(e.getMessage().endsWith("[Bare.UNDOCUMENTED, Bare.undocumented(…), Bare.Shape.area(…)]"),
        e.getMessage());
  }

  @Test
  void aSignatureNamingALibrarysTypeFailsGenericArgumentsIncludedUnlessTheModuleIntegratesThatLibrary()
      throws Exception {
    Path leaky = fixture("foreign");
    AssertionError e = ruleBroken(leaky);
    assertTrue(e.getMessage().endsWith("[dev.lineage.build.fixture.foreign.Leaky.infos: org.junit.jupiter.api.TestInfo, "
        + "dev.lineage.build.fixture.foreign.Leaky.leak: com.tngtech.archunit.core.domain.JavaClass]"), e.getMessage());
    AssertionError onlyArchUnit = ruleBroken(leaky, "org.junit.");
    assertFalse(onlyArchUnit.getMessage().contains("TestInfo"), onlyArchUnit.getMessage());
    ApiBaseline.check(leaky, SOURCES, baselineOf(leaky), "m", "org.junit.", "com.tngtech.archunit.");
  }

  @Test
  void aPublicPackageWithoutAPackageInfoCommentFailsNamingIt() throws Exception {
    AssertionError e = ruleBroken(fixture("undescribed"));
    assertTrue(e.getMessage().endsWith("[package dev.lineage.build.fixture.undescribed]"), e.getMessage());
  }
}
