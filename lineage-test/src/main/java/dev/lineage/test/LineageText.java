package dev.lineage.test;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.Closure;
import dev.lineage.query.Edge;
import dev.lineage.query.EdgeKind;
import dev.lineage.query.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/** Lineage as text for failure messages: a closure as an indented tree, trimmed, and single nodes as one line. */
final class LineageText {
  /** Longest tree a message prints; the rest is counted. */
  static final int MAX_LINES = 30;

  private LineageText() {}

  /** The closure as a tree from its start, toward causes (upstream) or effects (downstream). */
  static String tree(Closure c, boolean upstream) {
    List<String> lines = new ArrayList<>();
    render(c, c.start(), 0, upstream, new HashSet<>(), lines);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(lines.size(), MAX_LINES); i++) {
      out.append("  ").append(lines.get(i)).append('\n');
    }
    if (lines.size() > MAX_LINES) {
      out.append("  … and ").append(lines.size() - MAX_LINES).append(" more lines\n");
    }
    return out.toString();
  }

  private static void render(Closure c, Node node, int depth, boolean upstream, Set<Node> seen, List<String> out) {
    boolean first = seen.add(node);
    String arrow = depth == 0 ? "" : upstream ? "<- " : "-> ";
    out.add("  ".repeat(depth) + arrow + label(c, node) + (first ? "" : " (see above)"));
    if (first) {
      for (Node next : next(c, node, upstream)) {
        render(c, next, depth + 1, upstream, seen, out);
      }
    }
  }

  /** The nodes one edge from {@code node} in the closure's direction. */
  private static List<Node> next(Closure c, Node node, boolean upstream) {
    List<Node> out = new ArrayList<>();
    for (Edge e : c.edges()) {
      Node n = null;
      if (upstream) {
        n = e.kind() == EdgeKind.PRODUCED && e.to().equals(node) ? e.from()
            : e.kind() != EdgeKind.PRODUCED && e.from().equals(node) ? e.to() : null;
      } else {
        n = e.kind() == EdgeKind.PRODUCED && e.from().equals(node) ? e.to()
            : e.kind() != EdgeKind.PRODUCED && e.kind() != EdgeKind.INSTANCE_OF && e.to().equals(node) ? e.from()
            : null;
      }
      if (n != null && !out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  static String label(Closure c, Node node) {
    switch (node.kind()) {
      case RUN: {
        RunRecord r = c.runs().get(RunId.of(node.id()));
        return r == null ? "run " + node.id() : run(r);
      }
      case ARTIFACT: {
        Artifact a = c.artifacts().get(Digest.parse(node.id()));
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
