package dev.lineage.samples;

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

/** Prints an upstream closure as an indented tree, from the start node back to the raw data. */
final class LineageTree {
  private LineageTree() {}

  static List<String> render(Closure upstream) {
    List<String> lines = new ArrayList<>();
    render(upstream, upstream.start(), 0, new HashSet<>(), lines);
    return lines;
  }

  private static void render(Closure c, Node node, int depth, Set<Node> seen, List<String> out) {
    boolean first = seen.add(node);
    out.add("  ".repeat(depth) + (depth == 0 ? "" : "<- ") + label(c, node) + (first ? "" : " (see above)"));
    if (!first) {
      return;
    }
    for (Node cause : causes(c, node)) {
      render(c, cause, depth + 1, seen, out);
    }
  }

  /** The nodes one edge upstream of {@code node}: what it was made from. */
  private static List<Node> causes(Closure c, Node node) {
    List<Node> causes = new ArrayList<>();
    for (Edge e : c.edges()) {
      if (e.kind() == EdgeKind.PRODUCED && e.to().equals(node)) {
        causes.add(e.from());
      } else if (e.kind() != EdgeKind.PRODUCED && e.from().equals(node) && !causes.contains(e.to())) {
        causes.add(e.to());
      }
    }
    return causes;
  }

  private static String label(Closure c, Node node) {
    switch (node.kind()) {
      case RUN: {
        RunRecord r = c.runs().get(RunId.of(node.id()));
        String cache = r.step().map(s -> " [cache " + (s.cacheHit() ? "hit" : "miss") + "]").orElse("");
        return "run " + r.name() + " " + r.id() + " params " + new java.util.TreeMap<>(r.params()) + cache;
      }
      case ARTIFACT: {
        Artifact a = c.artifacts().get(Digest.parse(node.id()));
        return String.format(Locale.ROOT, "artifact %s %s… (%d bytes)", a.name().orElse("(unnamed)"),
            a.digest().toString().substring(0, 19), a.size());
      }
      case MODEL_VERSION:
        return "model version " + node.id();
      default:
        return "step " + node.id();
    }
  }
}
