package dev.lineage.internal.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lineage.Digest;
import dev.lineage.ParamValue;
import dev.lineage.internal.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class StepKeyTest {
  /** The worked example of docs/step-cache.md: these bytes and these digests are the formats. */
  @Test
  void theDocumentedExampleEncodesToTheDocumentedBytesAndDigest() {
    Map<String, String> parts = new HashMap<>();
    parts.put("method job/Job.lambda$first$10f5f1$1(Ldev/lineage/step/StepContext;)V", Sha256.of(
        "lambda".getBytes(StandardCharsets.UTF_8)).toString());
    parts.put("class job/Helper", Sha256.of("Helper".getBytes(StandardCharsets.UTF_8)).toString());
    parts.put("jdk", "17.0.15+6 Eclipse Adoptium");
    parts.put("lineage", "0.1.0");
    assertEquals("lineage-step-code/1\n"
        + "16:class job/Helper sha256:ce793a72d4ab405ee74e11269b55bf9307feb3101a9e5e570893b7f91200a819\n"
        + "3:jdk 17.0.15+6 Eclipse Adoptium\n"
        + "7:lineage 0.1.0\n"
        + "69:method job/Job.lambda$first$10f5f1$1(Ldev/lineage/step/StepContext;)V "
        + "sha256:554e79e652b29f3a01dcf98e494b9928a1dc12cc83b83e730574c9b37ca6359f\n", ReachableCode.manifest(parts));
    String code = ReachableCode.fingerprint(parts);
    assertEquals("bytecode:sha256:5026d45db145b7e1c4c8945580691ddbe759615b7aefa84b171be880fec6ce29", code);

    Map<String, ParamValue> params = new LinkedHashMap<>();
    params.put("window", ParamValue.of(7L));
    params.put("scale", ParamValue.of(0.5));
    List<StepKey.Input> inputs = List.of(new StepKey.Input("raw",
        Sha256.of("hello\n".getBytes(StandardCharsets.UTF_8))));
    byte[] encoded = StepKey.encode("featurize", code, params, inputs, Map.of("cuda", "12.4"));
    String expected = "lineage-step-key/2\n"
        + "step 9:featurize\n"
        + "code 80:bytecode:sha256:5026d45db145b7e1c4c8945580691ddbe759615b7aefa84b171be880fec6ce29\n"
        + "params 2\n"
        + "5:scale DOUBLE 3:0.5\n"
        + "6:window LONG 1:7\n"
        + "inputs 1\n"
        + "3:raw sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n"
        + "env 1\n"
        + "4:cuda 4:12.4\n";
    assertEquals(expected, new String(encoded, StandardCharsets.UTF_8));
    assertEquals(280, encoded.length);
    assertEquals(new Digest("07163f3444b513ad7e728cbaaa16761c6ad00dd7d3d349f9e9900973c69369ab"), StepKey.digest(encoded));
  }

  /** A version-1 key (the old header, a location digest as code) can never equal a version-2 key. */
  @Test
  void aVersionOneKeyIsNeverAVersionTwoKey() {
    byte[] v2 = StepKey.encode("featurize", "pinned:v1", Map.of(), List.of(), Map.of());
    String v1 = new String(v2, StandardCharsets.UTF_8).replace("lineage-step-key/2", "lineage-step-key/1");
    assertNotEquals(StepKey.digest(v1.getBytes(StandardCharsets.UTF_8)), StepKey.digest(v2));
    assertEquals(new Digest("fe9c6766ae484dbe27e65bdfe55ddf33bbcb73d732071c95c0546d1bcd335885"), StepKey.digest((
        "lineage-step-key/1\nstep 9:featurize\ncode 9:pinned:v1\nparams 2\n5:scale DOUBLE 3:0.5\n6:window LONG "
        + "1:7\ninputs 1\n3:raw sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\nenv 1\n"
        + "4:cuda 4:12.4\n").getBytes(StandardCharsets.UTF_8)), "the version-1 example, kept for the record");
  }

  record Components(String step, String code, Map<String, ParamValue> params, List<StepKey.Input> inputs,
      Map<String, String> env) {
    byte[] encode() {
      return StepKey.encode(step, code, params, inputs, env);
    }
  }

  @Provide
  Arbitrary<Components> components() {
    Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(8).withChars("ab: \n1é");
    Arbitrary<ParamValue> value = Arbitraries.oneOf(
        Arbitraries.longs().between(-3, 3).map(ParamValue::of),
        Arbitraries.of(0.0, -0.0, 1.0, Double.NaN).map(ParamValue::of),
        Arbitraries.of(true, false).map(ParamValue::of),
        text.map(ParamValue::of));
    Arbitrary<Map<String, ParamValue>> params = Arbitraries.maps(text, value).ofMaxSize(3);
    Arbitrary<StepKey.Input> input = Combinators.combine(text, Arbitraries.bytes().list().ofMaxSize(3))
        .as((n, b) -> new StepKey.Input(n, Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8))));
    Arbitrary<List<StepKey.Input>> inputs = input.list().ofMaxSize(3).uniqueElements(StepKey.Input::name);
    Arbitrary<Map<String, String>> env = Arbitraries.maps(text, text).ofMaxSize(2);
    return Combinators.combine(text, text, params, inputs, env).as(Components::new);
  }

  @Property(tries = 300)
  void equalComponentsGiveEqualKeysWhateverTheMapOrder(@ForAll("components") Components c) {
    Map<String, ParamValue> reordered = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(c.params().keySet());
    Collections.reverse(keys);
    keys.forEach(k -> reordered.put(k, c.params().get(k)));
    assertEquals(StepKey.digest(c.encode()),
        StepKey.digest(StepKey.encode(c.step(), c.code(), reordered, c.inputs(), new HashMap<>(c.env()))));
  }

  @Property(tries = 1000)
  void differentComponentsNeverShareAnEncoding(@ForAll("components") Components a,
      @ForAll("components") Components b) {
    boolean same = a.step().equals(b.step()) && a.code().equals(b.code()) && a.params().equals(b.params())
        && a.inputs().equals(b.inputs()) && a.env().equals(b.env());
    assertEquals(same, java.util.Arrays.equals(a.encode(), b.encode()));
  }

  @Property(tries = 300)
  void changingAnySingleComponentChangesTheKey(@ForAll("components") Components c) {
    Digest key = StepKey.digest(c.encode());
    assertNotEquals(key, StepKey.digest(StepKey.encode(c.step() + "x", c.code(), c.params(), c.inputs(), c.env())));
    assertNotEquals(key, StepKey.digest(StepKey.encode(c.step(), c.code() + "x", c.params(), c.inputs(), c.env())));
    Map<String, String> env = new HashMap<>(c.env());
    env.put("extra", "1");
    if (!env.equals(c.env())) {
      assertNotEquals(key, StepKey.digest(StepKey.encode(c.step(), c.code(), c.params(), c.inputs(), env)));
    }
    for (String k : c.params().keySet()) {
      Map<String, ParamValue> changed = new HashMap<>(c.params());
      ParamValue v = changed.get(k);
      // same text, other type: the long 1 and the string "1" differ
      changed.put(k, v.type() == dev.lineage.ParamType.STRING ? new ParamValue(dev.lineage.ParamType.STRING, v.text() + "x")
          : ParamValue.of(v.text()));
      assertNotEquals(key, StepKey.digest(StepKey.encode(c.step(), c.code(), changed, c.inputs(), c.env())), k);
    }
    for (int i = 0; i < c.inputs().size(); i++) {
      List<StepKey.Input> changed = new ArrayList<>(c.inputs());
      StepKey.Input in = changed.get(i);
      changed.set(i, new StepKey.Input(in.name(), Sha256.of((in.digest() + "!").getBytes(StandardCharsets.UTF_8))));
      assertNotEquals(key, StepKey.digest(StepKey.encode(c.step(), c.code(), c.params(), changed, c.env())));
    }
    if (c.inputs().size() > 1 && !c.inputs().get(0).digest().equals(c.inputs().get(1).digest())) {
      List<StepKey.Input> swapped = new ArrayList<>(c.inputs());
      Collections.swap(swapped, 0, 1);
      assertNotEquals(key, StepKey.digest(StepKey.encode(c.step(), c.code(), c.params(), swapped, c.env())),
          "input order is part of the key");
    }
  }
}
