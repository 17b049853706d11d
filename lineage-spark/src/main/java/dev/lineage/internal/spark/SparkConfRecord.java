package dev.lineage.internal.spark;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Spark configuration as a run records it: every key but the secret ones, whose names contain password,
 * secret, token or credential, or which hold a key (fs.s3a.*.key, access keys, signing keys). A secret is never
 * written, not even its name.
 */
final class SparkConfRecord {
  private static final Pattern SECRET = Pattern.compile(
      "password|secret|token|credential|(^|[._-])(access|signing|private|encryption)[._-]?key|fs\\.s3a\\..*key"
          + "|\\.key$");

  private SparkConfRecord() {}

  static boolean secret(String key) {
    return SECRET.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /** The non-secret entries, sorted by key. */
  static Map<String, String> of(scala.Tuple2<String, String>[] all) {
    Map<String, String> kept = new TreeMap<>();
    for (scala.Tuple2<String, String> e : all) {
      if (!secret(e._1())) {
        kept.put(e._1(), e._2());
      }
    }
    return kept;
  }

  /** One {@code key=value} line per entry: the stored configuration document. */
  static byte[] document(Map<String, String> kept) {
    StringBuilder b = new StringBuilder();
    kept.forEach((k, v) -> b.append(k).append('=').append(v.replace("\n", "\\n")).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
