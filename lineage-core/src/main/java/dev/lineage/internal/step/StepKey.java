package dev.lineage.internal.step;

import dev.lineage.Digest;
import dev.lineage.ParamValue;
import dev.lineage.internal.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical encoding of a step's cache key, format {@value #HEADER} (docs/step-cache.md). Every variable
 * part is length-prefixed in UTF-8 bytes and every list is counted, so no two different keys encode alike.
 */
public final class StepKey {
  static final String HEADER = "lineage-step-key/2";

  /** One declared input: its name and content digest, in declared order. */
  public record Input(String name, Digest digest) {}

  private StepKey() {}

  public static byte[] encode(String step, String code, Map<String, ParamValue> params, List<Input> inputs,
      Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ascii(out, HEADER + "\n");
    ascii(out, "step ");
    field(out, step);
    ascii(out, "\ncode ");
    field(out, code);
    ascii(out, "\nparams " + params.size() + "\n");
    for (String key : sortedByUtf8(params.keySet())) {
      ParamValue value = params.get(key);
      field(out, key);
      ascii(out, " " + value.type().name() + " ");
      field(out, value.text());
      ascii(out, "\n");
    }
    ascii(out, "inputs " + inputs.size() + "\n");
    for (Input input : inputs) {
      field(out, input.name());
      ascii(out, " " + input.digest() + "\n");
    }
    ascii(out, "env " + env.size() + "\n");
    for (String key : sortedByUtf8(env.keySet())) {
      field(out, key);
      ascii(out, " ");
      field(out, env.get(key));
      ascii(out, "\n");
    }
    return out.toByteArray();
  }

  public static Digest digest(byte[] encoded) {
    return Sha256.of(encoded);
  }

  private static void field(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ascii(out, bytes.length + ":");
    out.writeBytes(bytes);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> sortedByUtf8(java.util.Collection<String> keys) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
    return sorted;
  }
}
