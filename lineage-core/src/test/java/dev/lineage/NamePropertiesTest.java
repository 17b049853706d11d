package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.query.RunQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The name rule with an oracle on both sides: names built to be valid (any Unicode but control characters, spaces
 * and non-ASCII included, up to 250 UTF-8 bytes, no {@code ..} segment) are accepted everywhere a name is and read
 * back identically; names built to break exactly one rule are refused with a typed error naming that rule. A rule
 * made stricter (no spaces, ASCII only) fails the first; a rule made looser fails the second.
 */
class NamePropertiesTest {
  private static Lineage lineage;
  private static Path scratch;

  @BeforeContainer
  static void open() throws IOException {
    scratch = Files.createTempDirectory("lineage-names");
    lineage = Lineage.builder().store("mem:").tempDir(scratch).cacheDir(scratch.resolve("cache"))
        .systemMetrics(false).build();
  }

  @AfterContainer
  static void close() {
    lineage.close();
  }

  /** Code points a name may hold: ASCII letters, digits, spaces and punctuation, Latin, CJK and emoji. */
  private static Arbitrary<String> validCodePoint() {
    return Arbitraries.oneOf(Arbitraries.chars().range('a', 'z').map(String::valueOf),
        Arbitraries.chars().range('0', '9').map(String::valueOf),
        Arbitraries.of(" ", ".", "/", "-", "_", ":", "=", "@", "+", ",", "'", "\"", "\\", "#", "%", "é", "ß", "Ω",
            "中", "文", "\u00A0", "\uD83D\uDE00", "\uD835\uDC00"));
  }

  @Provide
  Arbitrary<String> validNames() {
    Arbitrary<String> built = validCodePoint().list().ofMinSize(1).ofMaxSize(60).map(parts -> {
      String name = String.join("", parts);
      // A '..' segment is the one path rule; a name of dots and slashes alone is rewritten out of it.
      String[] segments = name.split("/", -1);
      for (int i = 0; i < segments.length; i++) {
        if (segments[i].equals("..")) {
          segments[i] = ".x";
        }
      }
      return String.join("/", segments);
    });
    return Arbitraries.oneOf(built, Arbitraries.of("x".repeat(250), "é".repeat(125), "中".repeat(83) + "x",
        "\uD83D\uDE00".repeat(62) + "xx", "a b", "...", "a/.../b", "./x", "x/."));
  }

  /** A rule each invalid name breaks, and a word of the message that names it. */
  record Broken(String name, String rule) {}

  @Provide
  Arbitrary<Broken> invalidNames() {
    Arbitrary<String> base = validNames().filter(n -> n.getBytes(StandardCharsets.UTF_8).length <= 200);
    Arbitrary<Broken> control = Combinators.combine(base, Arbitraries.oneOf(
        Arbitraries.chars().range('\u0000', '\u001F'), Arbitraries.chars().range('\u007F', '\u009F'),
        Arbitraries.of('\u2028', '\u2029')), Arbitraries.integers().between(0, 200))
        .as((n, c, at) -> new Broken(insert(n, String.valueOf(c), at), "control characters"));
    Arbitrary<Broken> surrogate = Combinators.combine(base, Arbitraries.of("\uD83D", "\uDE00"),
        Arbitraries.integers().between(0, 200)).as((n, s, at) -> new Broken(insert(n, s, at), "surrogate"));
    Arbitrary<Broken> dots = base.map(n -> new Broken(n + "/..", "'..'"));
    Arbitrary<Broken> tooLong = Arbitraries.of("x".repeat(251), "é".repeat(126), "中".repeat(84),
        "\uD83D\uDE00".repeat(63)).map(n -> new Broken(n, "at most 250"));
    return Arbitraries.oneOf(control, surrogate, dots, tooLong, Arbitraries.just(new Broken("", "empty")));
  }

  /** {@code piece} inserted into {@code name} at a char index, never between the halves of a surrogate pair. */
  private static String insert(String name, String piece, int at) {
    int i = Math.min(at, name.length());
    if (i > 0 && i < name.length() && Character.isLowSurrogate(name.charAt(i))) {
      i--;
    }
    return name.substring(0, i) + piece + name.substring(i);
  }

  @Property(tries = 300)
  void aValidNameIsAcceptedEverywhereAndReadsBackIdentically(@ForAll("validNames") String name) {
    RunId id;
    try (Run run = lineage.newRun(name)) {
      run.logParam(name, name).setTag(name, name).logMetric(name, 1.5, 0);
      run.succeed();
      id = run.id();
    }
    RunRecord record = lineage.runRecord(id);
    assertEquals(name, record.name());
    assertEquals(ParamValue.of(name), record.params().get(name));
    assertEquals(name, record.tags().get(name));
    assertEquals(1, lineage.metric(id, name).size());
    assertEquals(List.of(id), lineage.runs(RunQuery.all().name(name).limit(1)).stream().map(RunRecord::id)
        .toList());
  }

  @Property(tries = 300)
  void aNameBreakingOneRuleIsRefusedNamingTheRuleAndLosesNothing(@ForAll("invalidNames") Broken broken) {
    RunId id;
    try (Run run = lineage.newRun("names")) {
      run.logParam("anchor", 1L);
      for (Runnable call : List.<Runnable>of(() -> run.logParam(broken.name(), 1L),
          () -> run.setTag(broken.name(), "v"), () -> run.logMetric(broken.name(), 1.0, 0),
          () -> lineage.newRun(broken.name()))) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call::run);
        assertTrue(e.rule().contains(broken.rule()), e.getMessage() + " should name: " + broken.rule());
      }
      run.succeed();
      id = run.id();
    }
    RunRecord record = lineage.runRecord(id);
    assertEquals(RunStatus.SUCCEEDED, record.status());
    assertEquals(java.util.Map.of("anchor", ParamValue.of(1L)), record.params(), "a refused call loses nothing");
  }

  @Example
  void theBoundariesOfLength() {
    try (Run run = lineage.newRun("x".repeat(250))) {
      run.logParam("é".repeat(125), 1L);
      assertThrows(InvalidInputException.class, () -> run.logParam("é".repeat(125) + "x", 1L));
      run.succeed();
    }
  }
}
