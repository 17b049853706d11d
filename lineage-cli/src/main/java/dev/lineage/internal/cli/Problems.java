package dev.lineage.internal.cli;

import dev.lineage.StoreProblem;
import java.io.PrintWriter;
import java.util.List;

/** An answer that leaves damaged objects out says so, on stderr, so a script's stdout stays the answer. */
final class Problems {
  private Problems() {}

  static void warn(List<StoreProblem> problems, PrintWriter err) {
    if (!problems.isEmpty()) {
      err.println("lineage: warning: " + problems.size() + " damaged object(s) left out of this answer, such as "
          + problems.get(0).key() + "; lineage verify lists them all");
    }
  }
}
