package dev.lineage.samples;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.Closure;
import dev.lineage.query.ClosureTree;
import dev.lineage.query.Node;
import java.util.List;
import java.util.Locale;

/**
 * Prints an upstream closure as an indented tree, from the start node back to the raw data (the demo's, and the
 * DL4J sample's in {@code samples/dl4j}).
 */
public final class LineageTree {
  private LineageTree() {}

  /** The closure's lines, the start node first. */
  public static List<String> render(Closure upstream) {
    return ClosureTree.lines(upstream, true, n -> label(upstream, n));
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
