package dev.lineage.internal.reproduce;

import java.util.ArrayList;
import java.util.List;

/**
 * A POSIX shell script that starts one command from the workspace it lies in. A word is literal text with two
 * kinds of holes, the workspace's directory ({@link #HERE}) and an environment variable ({@link #env}), so that
 * paths follow the workspace wherever it is moved and secrets are read when it runs, never written in it.
 */
final class LaunchScript {
  /** Stands for the workspace's absolute directory inside a word. */
  static final String HERE = "\u0001here\u0001";

  private final List<String> comments = new ArrayList<>();
  private final List<String> required = new ArrayList<>();

  /** Stands for the value of environment variable {@code name} inside a word. */
  static String env(String name) {
    return "\u0001$" + name + "\u0001";
  }

  void comment(String line) {
    comments.add(line);
  }

  /** The script stops with {@code why} unless {@code variable} is set. */
  void require(String variable, String why) {
    required.add(": \"${" + variable + ":?" + why.replace("}", ")").replace("\"", "'") + "}\"");
  }

  String text(String workingDirectory, List<String> words) {
    StringBuilder s = new StringBuilder("#!/bin/sh\n");
    comments.forEach(c -> s.append("# ").append(c.replace("\n", " ")).append('\n'));
    s.append("set -eu\n");
    s.append("here=$(CDPATH= cd -- \"$(dirname -- \"$0\")\" && pwd)\n");
    required.forEach(r -> s.append(r).append('\n'));
    s.append("cd ").append(quote(workingDirectory)).append('\n');
    s.append("exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\"");
    for (String w : words) {
      s.append(" \\\n  ").append(quote(w));
    }
    return s.append('\n').toString();
  }

  /** One shell word: literal runs in single quotes, holes in double quotes. */
  static String quote(String word) {
    StringBuilder out = new StringBuilder();
    String[] parts = word.split("\u0001", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i % 2 == 1) {
        out.append(p.equals("here") ? "\"$here\"" : "\"${" + p.substring(1) + "}\"");
      } else if (!p.isEmpty()) {
        out.append('\'').append(p.replace("'", "'\\''")).append('\'');
      }
    }
    return out.length() == 0 ? "''" : out.toString();
  }
}
