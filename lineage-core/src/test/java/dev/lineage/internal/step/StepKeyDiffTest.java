package dev.lineage.internal.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.ParamValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A miss reason names each changed part, and a string reads as what it is: empty, blank or quoted. */
class StepKeyDiffTest {
  private static String key(Map<String, ParamValue> params, Map<String, String> env) {
    return new String(StepKey.encode("greet", "pinned:v1", params, List.of(), env), StandardCharsets.UTF_8);
  }

  @Test
  void stringValuesAreQuotedSoThatAnEmptyOneIsSeen() {
    assertEquals(List.of("param 'who' STRING \"world\" -> STRING \"\""),
        StepKeyDiff.changes(key(Map.of("who", ParamValue.of("world")), Map.of()),
            key(Map.of("who", ParamValue.of("")), Map.of())));
    assertEquals(List.of("param 'who' STRING \" \" -> STRING \"say \\\"hi\\\"\\\\\\u0009\""),
        StepKeyDiff.changes(key(Map.of("who", ParamValue.of(" ")), Map.of()),
            key(Map.of("who", ParamValue.of("say \"hi\"\\\t")), Map.of())));
    assertEquals(List.of("param 'n' LONG 7 -> STRING \"7\""),
        StepKeyDiff.changes(key(Map.of("n", ParamValue.of(7L)), Map.of()),
            key(Map.of("n", ParamValue.of("7")), Map.of())));
    assertEquals(List.of("env 'cuda' \"12.4\" -> \"\""),
        StepKeyDiff.changes(key(Map.of(), Map.of("cuda", "12.4")), key(Map.of(), Map.of("cuda", ""))));
  }
}
