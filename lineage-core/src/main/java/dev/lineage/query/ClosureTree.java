package dev.lineage.query;

import dev.lineage.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A closure as an indented tree of lines, from its start node toward causes ({@code upstream}: what each node
 * was made from) or effects (downstream: what it went on to make). A node reached twice is printed once in full
 * and then as {@code (see above)}. The labels are the caller's, so a command line, a test's failure message and
 * a report can each say what they need.
 *
 * <pre>
 * model version churn@1
 *   &lt;- artifact churn-model …
 *     &lt;- run train …
 * </pre>
 *
 * @since 0.1.0
 */
public final class ClosureTree {
  private ClosureTree() {}

  /** The closure as lines of text, each node indented under the one it was reached from, named by {@code label}. */
  public static List<String> lines(Closure closure, boolean upstream, Function<Node, String> label) {
    if (closure == null || label == null) {
      throw new InvalidInputException(closure == null ? "closure" : "label", "must not be null");
    }
    List<String> out = new ArrayList<>();
    render(closure, closure.start(), 0, upstream, label, new HashSet<>(), out);
    return out;
  }

  private static void render(Closure c, Node node, int depth, boolean upstream, Function<Node, String> label,
      Set<Node> seen, List<String> out) {
    boolean first = seen.add(node);
    String arrow = depth == 0 ? "" : upstream ? "<- " : "-> ";
    out.add("  ".repeat(depth) + arrow + label.apply(node) + (first ? "" : " (see above)"));
    if (first) {
      for (Node next : next(c, node, upstream)) {
        render(c, next, depth + 1, upstream, label, seen, out);
      }
    }
  }

  /** The nodes one edge from {@code node}, in the tree's direction. */
  static List<Node> next(Closure c, Node node, boolean upstream) {
    List<Node> out = new ArrayList<>();
    for (Edge e : c.edges()) {
      Node n;
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
}
