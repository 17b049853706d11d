package dev.lineage.internal.step;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Why a step missed: which parts of its key differ from an earlier key of the same step, read back from the two
 * keys' canonical encodings (docs/step-cache.md). Both are this Lineage's encodings; an older format is said to
 * be one.
 */
final class StepKeyDiff {
  private StepKeyDiff() {}

  /** The parts of a key, as its encoding lists them. */
  private record Parts(String header, String code, Map<String, String> params, Map<String, String> inputs,
      Map<String, String> env) {}

  /**
   * What changed from {@code before} to {@code now}, one phrase a part: {@code param 'epochs' LONG 30 -> LONG 40};
   * string values are quoted ({@code param 'who' STRING "world" -> STRING ""}).
   */
  static List<String> changes(String before, String now) {
    Parts a;
    Parts b;
    try {
      a = parse(before);
      b = parse(now);
    } catch (RuntimeException unreadable) {
      return List.of("its key differs from the newest entry's, whose encoding this Lineage does not read");
    }
    if (!a.header().equals(b.header())) {
      return List.of("the key format changed (" + a.header() + " -> " + b.header() + ")");
    }
    List<String> changes = new ArrayList<>();
    if (!a.code().equals(b.code())) {
      changes.add("code " + abbreviate(a.code()) + " -> " + abbreviate(b.code()));
    }
    compare("param", a.params(), b.params(), changes);
    compare("input", a.inputs(), b.inputs(), changes);
    if (changes.stream().noneMatch(c -> c.startsWith("input")) && !List.copyOf(a.inputs().keySet())
        .equals(List.copyOf(b.inputs().keySet()))) {
      changes.add("inputs reordered");
    }
    compare("env", a.env(), b.env(), changes);
    return changes;
  }

  /** The changes as one sentence. */
  static String explain(List<String> changes) {
    return changes.isEmpty() ? "its key equals the newest entry's (cache reads off, or the entry unusable)"
        : String.join("; ", changes);
  }

  private static void compare(String what, Map<String, String> a, Map<String, String> b, List<String> out) {
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      String x = a.get(name);
      String y = b.get(name);
      if (x == null) {
        out.add(what + " '" + name + "' added (" + abbreviate(y) + ")");
      } else if (y == null) {
        out.add(what + " '" + name + "' removed (was " + abbreviate(x) + ")");
      } else if (!Objects.equals(x, y)) {
        out.add(what + " '" + name + "' " + abbreviate(x) + " -> " + abbreviate(y));
      }
    }
  }

  private static String abbreviate(String value) {
    int hash = value.indexOf("sha256:");
    if (hash >= 0 && value.length() >= hash + 7 + 12) {
      return value.substring(0, hash + 7 + 12) + "…";
    }
    return value.length() > 60 ? value.substring(0, 60) + "…" : value;
  }

  /** A string in double quotes, escaped as in Java, so that an empty or blank value reads as what it is. */
  private static String quoted(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    value.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        b.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.append('"').toString();
  }

  private static Parts parse(String text) {
    Cursor c = new Cursor(text.getBytes(StandardCharsets.UTF_8));
    String header = c.until('\n');
    c.expect("step ");
    c.field();
    c.expect("\ncode ");
    String code = c.field();
    c.expect("\nparams ");
    int params = Integer.parseInt(c.until('\n'));
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < params; i++) {
      String key = c.field();
      c.expect(" ");
      String type = c.until(' ');
      String value = c.field();
      p.put(key, type + " " + (type.equals("STRING") ? quoted(value) : value));
      c.expect("\n");
    }
    c.expect("inputs ");
    int inputs = Integer.parseInt(c.until('\n'));
    Map<String, String> in = new LinkedHashMap<>();
    for (int i = 0; i < inputs; i++) {
      String name = c.field();
      c.expect(" ");
      in.put(name, c.until('\n'));
    }
    c.expect("env ");
    int env = Integer.parseInt(c.until('\n'));
    Map<String, String> e = new LinkedHashMap<>();
    for (int i = 0; i < env; i++) {
      String key = c.field();
      c.expect(" ");
      e.put(key, quoted(c.field()));
      c.expect("\n");
    }
    return new Parts(header, code, p, in, e);
  }

  /** Reads the encoding's length-prefixed fields, by UTF-8 byte counts as they were written. */
  private static final class Cursor {
    private final byte[] bytes;
    private int at;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    String until(char end) {
      int start = at;
      while (bytes[at] != end) {
        at++;
      }
      return new String(bytes, start, at++ - start, StandardCharsets.UTF_8);
    }

    String field() {
      int length = Integer.parseInt(until(':'));
      String value = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return value;
    }

    void expect(String literal) {
      byte[] l = literal.getBytes(StandardCharsets.UTF_8);
      for (byte b : l) {
        if (bytes[at++] != b) {
          throw new IllegalArgumentException("not a step key encoding at byte " + (at - 1));
        }
      }
    }
  }
}
