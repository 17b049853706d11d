package dev.lineage.test;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.Closure;
import dev.lineage.query.ClosureTree;
import dev.lineage.query.Node;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Lineage as text for failure messages: a closure as an indented tree, trimmed, and single nodes as one line. */
final class LineageText {
  /** Longest tree a message prints; the rest is counted. */
  static final int MAX_LINES = 30;

  private LineageText() {}

  /** The closure as a tree from its start, toward causes (upstream) or effects (downstream), trimmed. */
  static String tree(Closure c, boolean upstream) {
    List<String> lines = ClosureTree.lines(c, upstream, n -> label(c, n));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(lines.size(), MAX_LINES); i++) {
      out.append("  ").append(lines.get(i)).append('\n');
    }
    if (lines.size() > MAX_LINES) {
      out.append("  … and ").append(lines.size() - MAX_LINES).append(" more lines\n");
    }
    return out.toString();
  }

  static String label(Closure c, Node node) {
    switch (node.kind()) {
      case RUN: {
        RunRecord r = c.runs().get(node.runId());
        return r == null ? "run " + node.id() : run(r);
      }
      case ARTIFACT: {
        Artifact a = c.artifacts().get(node.digest());
        return a == null ? "artifact " + node.id() : artifact(a);
      }
      case MODEL_VERSION:
        return "model version " + node.id();
      default:
        return "step " + node.id();
    }
  }

  static String run(RunRecord r) {
    return "run " + r.name() + " " + r.id() + " " + r.status() + " params " + new TreeMap<>(r.params()) + " git "
        + r.fingerprint().gitCommit().map(x -> x.substring(0, Math.min(12, x.length()))).orElse("(none)") + " "
        + r.fingerprint().gitState() + r.step().map(s -> s.cacheHit() ? " [cache hit]" : "").orElse("");
  }

  static String artifact(Artifact a) {
    return String.format(Locale.ROOT, "artifact %s %s (%d bytes)", a.name().orElse("(unnamed)"), a.digest(),
        a.size());
  }
}
