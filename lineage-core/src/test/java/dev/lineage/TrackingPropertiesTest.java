package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary strings, numbers and names through the public API: every call either succeeds and reads back
 * identically, or fails with {@link InvalidInputException} and leaves what was recorded untouched.
 */
class TrackingPropertiesTest {
  private static Lineage lineage;
  private static Path scratch;

  @BeforeContainer
  static void open() throws IOException {
    scratch = Files.createTempDirectory("lineage-props");
    lineage = Lineage.builder().store("mem:").tempDir(scratch).build();
  }

  @AfterContainer
  static void close() {
    lineage.close();
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(0).ofMaxLength(300),
        Arbitraries.strings().withCharRange('\u0000', '\u0080').ofMaxLength(40),
        Arbitraries.of("..", "a/../b", "../x", "a/..", "ok/name", "x".repeat(250), "x".repeat(251), "é".repeat(125),
            "é".repeat(126), "\uD83D\uDE00", "\uD83D", "tab\there", "line\u2028sep"));
  }

  @Property(tries = 300)
  void stringParamsRoundTripOrAreRejected(@ForAll("names") String key, @ForAll("names") String value) {
    RunId id;
    boolean accepted;
    try (Run run = lineage.newRun("props")) {
      run.logParam("anchor", 1L);
      accepted = accepts(() -> run.logParam(key, value));
      id = run.id();
    }
    RunRecord record = lineage.runRecord(id);
    assertEquals(ParamValue.of(1L), record.params().get("anchor"), "a rejected call loses nothing");
    if (accepted) {
      assertEquals(ParamValue.of(value), record.params().get(key));
    } else {
      assertEquals(1, record.params().size());
    }
  }

  @Property(tries = 200)
  void doubleParamsRoundTripExactly(@ForAll double value) {
    RunId id;
    try (Run run = lineage.newRun("doubles")) {
      run.logParam("x", value);
      id = run.id();
    }
    double back = lineage.runRecord(id).params().get("x").asDouble();
    assertEquals(0, Double.compare(value, back), value + " became " + back);
  }

  @Property(tries = 200)
  void longParamsRoundTripExactly(@ForAll long value) {
    RunId id;
    try (Run run = lineage.newRun("longs")) {
      run.logParam("n", value);
      id = run.id();
    }
    assertEquals(value, lineage.runRecord(id).params().get("n").asLong());
  }

  @Property(tries = 150)
  void metricsRoundTripOrAreRejected(@ForAll("names") String key, @ForAll List<Double> values) {
    RunId id;
    boolean accepted;
    try (Run run = lineage.newRun("metrics")) {
      run.logMetric("anchor", 1.0, 0);
      accepted = accepts(() -> {
        for (int i = 0; i < values.size(); i++) {
          run.logMetric(key, values.get(i), i);
        }
      });
      id = run.id();
    }
    assertEquals(1, lineage.metric(id, "anchor").size(), "a rejected call loses nothing");
    if (accepted && !values.isEmpty()) {
      List<MetricPoint> back = lineage.metric(id, key);
      assertEquals(values.size(), back.size());
      for (int i = 0; i < values.size(); i++) {
        assertEquals(0, Double.compare(values.get(i), back.get(i).value()));
        assertEquals(i, back.get(i).step());
      }
    }
  }

  @Property(tries = 150)
  void artifactNamesRoundTripOrAreRejected(@ForAll("names") String name, @ForAll byte[] content) throws IOException {
    Path file = Files.write(scratch.resolve("artifact.bin"), content);
    RunId id;
    Artifact[] stored = new Artifact[1];
    boolean accepted;
    try (Run run = lineage.newRun("artifacts")) {
      run.setTag("anchor", "kept");
      accepted = accepts(() -> stored[0] = run.produce(file, name));
      id = run.id();
    }
    RunRecord record = lineage.runRecord(id);
    assertEquals("kept", record.tags().get("anchor"));
    if (accepted) {
      assertEquals(List.of(stored[0]), record.outputs());
      assertEquals(name, stored[0].name().orElseThrow());
      try (var in = lineage.openArtifact(stored[0])) {
        assertTrue(java.util.Arrays.equals(content, in.readAllBytes()));
      }
    } else {
      assertTrue(record.outputs().isEmpty());
    }
  }

  @Property(tries = 200)
  void tagValuesRoundTripOrAreRejected(@ForAll("names") String value) {
    RunId id;
    boolean accepted;
    try (Run run = lineage.newRun("tags")) {
      accepted = accepts(() -> run.setTag("t", value));
      id = run.id();
    }
    assertEquals(accepted, lineage.runRecord(id).tags().containsKey("t"));
    if (accepted) {
      assertEquals(value, lineage.runRecord(id).tags().get("t"));
    }
  }

  @Property(tries = 100)
  void runIdsParseOnlyTheirOwnForm(@ForAll String text) {
    boolean accepted = accepts(() -> RunId.of(text));
    if (accepted) {
      assertEquals(text, RunId.of(text).toString());
    } else {
      assertFalse(text.length() == 26 && text.chars().allMatch(c -> "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c) >= 0));
    }
  }

  /** Runs the call; true if it succeeded, false if it threw InvalidInputException (anything else fails the test). */
  private static boolean accepts(Runnable call) {
    try {
      call.run();
      return true;
    } catch (InvalidInputException e) {
      assertFalse(e.field().isBlank());
      assertFalse(e.rule().isBlank());
      return false;
    }
  }
}
