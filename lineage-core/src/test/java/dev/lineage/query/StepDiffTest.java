package dev.lineage.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.step.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff} of two executions of a step reads their typed step facts: any change to the key shows up. */
class StepDiffTest {
  @TempDir Path dir;
  Lineage lineage;
  Path raw;

  @BeforeEach
  void open() throws IOException {
    lineage = Lineage.builder().store("mem:").cacheDir(dir.resolve("cache")).workDir(dir.resolve("work"))
        .systemMetrics(false).build();
    raw = Files.writeString(dir.resolve("raw.csv"), "a\n1\n");
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  private RunId feat(UnaryOperator<Step> declare) {
    return declare.apply(lineage.step("feat").input("raw", raw)).run(ctx -> {
      try {
        ctx.produce(Files.writeString(ctx.outputDir().resolve("f.csv"), "f\n"), "features");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).runId();
  }

  /** The graph is taken after both runs are written. */
  private RunDiff diff(RunId a, RunId b) {
    return lineage.graph().diff(a, b);
  }

  @Test
  void aChangedParamShowsAsAParamAndAsTheStepKey() {
    RunDiff d = diff(feat(s -> s.param("w", 1L)), feat(s -> s.param("w", 2L)));
    assertEquals(new RunDiff.Change<>(ParamValue.of(1L), ParamValue.of(2L)), d.paramsChanged().get("w"));
    assertTrue(d.code().containsKey("step_key"), "code=" + d.code());
    assertNotEquals(d.code().get("step_key").a(), d.code().get("step_key").b());
  }

  @Test
  void aChangeOnlyInTheCodeOrTheDeclaredEnvironmentShowsAsTheStepKey() {
    RunDiff code = diff(feat(s -> s.codeVersion("1")), feat(s -> s.codeVersion("2")));
    assertTrue(code.paramsChanged().isEmpty() && code.inputs().isEmpty(), code.toString());
    assertEquals("sha256", code.code().get("step_key").a().substring(0, 6), "code=" + code.code());
    RunDiff env = diff(feat(s -> s.env("region", "eu")), feat(s -> s.env("region", "us")));
    assertTrue(env.code().containsKey("step_key"), "code=" + env.code());
  }

  @Test
  void aChangedInputShowsAsTheInputAndTheStepKey() throws IOException {
    RunId a = feat(s -> s);
    Files.writeString(raw, "a\n2\n");
    RunDiff d = diff(a, feat(s -> s));
    assertEquals(java.util.List.of("raw"), d.changedInputs());
    assertTrue(d.code().containsKey("step_key"), "code=" + d.code());
  }

  @Test
  void twoHitsOfTheSameKeyDifferInNoStepPart() {
    RunDiff d = diff(feat(s -> s.param("w", 1L)), feat(s -> s.param("w", 1L)));
    assertTrue(d.code().isEmpty(), "code=" + d.code());
  }
}
