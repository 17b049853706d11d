package dev.lineage.internal.cli;

import dev.lineage.query.LineageGraph;
import java.io.PrintWriter;

/** An answer that leaves damaged objects out says so, on stderr, so a script's stdout stays the answer. */
final class Problems {
  private Problems() {}

  static void warn(LineageGraph graph, PrintWriter err) {
    int n = graph.problems().size();
    if (n > 0) {
      err.println("lineage: warning: " + n + " damaged object(s) left out of this answer, such as "
          + graph.problems().get(0).key() + "; lineage verify lists them all");
    }
  }
}
