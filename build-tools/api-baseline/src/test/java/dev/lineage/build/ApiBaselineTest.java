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
  private static final Path DATED = Path.of("target/test-classes/dev/lineage/build/fixture/dated");
  private static final Path SOURCES = Path.of("src/test/java");

  @TempDir Path dir;

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
    Path undated = Path.of("target/test-classes/dev/lineage/build/fixture/undated");
    Path file = dir.resolve("u.api");
    Files.writeString(file, ApiBaseline.describe(undated));
    AssertionError e = assertThrows(AssertionError.class, () -> ApiBaseline.check(undated, SOURCES, file, "u"));
    assertTrue(e.getMessage().contains("dev.lineage.build.fixture.undated.Undated"), e.getMessage());
    assertFalse(e.getMessage().contains("Sample"));
  }

  @Test
  void aPublicMemberWithoutAJavadocCommentFailsNamingItButAnOverrideOrACompactConstructorDoesNot() throws Exception {
    Path bare = Path.of("target/test-classes/dev/lineage/build/fixture/bare");
    Path file = dir.resolve("bare.api");
    Files.writeString(file, ApiBaseline.describe(bare));
    AssertionError e = assertThrows(AssertionError.class, () -> ApiBaseline.check(bare, SOURCES, file, "m"));
    assertTrue(e.getMessage().contains("3 public packages and members of m have no javadoc comment"), e.getMessage());
    assertTrue(e.getMessage().endsWith("[Bare.UNDOCUMENTED, Bare.undocumented(…), Bare.Shape.area(…)]"),
        e.getMessage());
  }

  @Test
  void aSignatureNamingALibrarysTypeFailsGenericArgumentsIncludedUnlessTheModuleIntegratesThatLibrary()
      throws Exception {
    Path leaky = Path.of("target/test-classes/dev/lineage/build/fixture/foreign");
    Path file = dir.resolve("leaky.api");
    Files.writeString(file, ApiBaseline.describe(leaky));
    AssertionError e = assertThrows(AssertionError.class, () -> ApiBaseline.check(leaky, SOURCES, file, "m"));
    assertTrue(e.getMessage().endsWith("[dev.lineage.build.fixture.foreign.Leaky.infos: org.junit.jupiter.api.TestInfo, "
        + "dev.lineage.build.fixture.foreign.Leaky.leak: com.tngtech.archunit.core.domain.JavaClass]"), e.getMessage());
    AssertionError onlyArchUnit = assertThrows(AssertionError.class,
        () -> ApiBaseline.check(leaky, SOURCES, file, "m", "org.junit."));
    assertFalse(onlyArchUnit.getMessage().contains("TestInfo"), onlyArchUnit.getMessage());
    ApiBaseline.check(leaky, SOURCES, file, "m", "org.junit.", "com.tngtech.archunit.");
  }

  @Test
  void aPublicPackageWithoutAPackageInfoCommentFailsNamingIt() throws Exception {
    Path plain = Path.of("target/test-classes/dev/lineage/build/fixture/undescribed");
    Path file = dir.resolve("plain.api");
    Files.writeString(file, ApiBaseline.describe(plain));
    AssertionError e = assertThrows(AssertionError.class, () -> ApiBaseline.check(plain, SOURCES, file, "m"));
    assertTrue(e.getMessage().endsWith("[package dev.lineage.build.fixture.undescribed]"), e.getMessage());
  }
}
