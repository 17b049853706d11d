package dev.lineage.internal.cli;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.query.Closure;
import dev.lineage.query.ClosureTree;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Upstream and downstream: one node's closure, as a tree or as JSON. */
abstract class ClosureCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(paramLabel = "NODE", description = NodeArgument.HELP)
  String node;

  @Option(names = "--depth", paramLabel = "N", description = "Follow at most N edges (default: all).")
  Integer depth;

  abstract boolean upstream();

  @Override
  public Integer call() {
    if (depth != null && depth < 1) {
      throw new InvalidInputException("--depth", "must be >= 1, was " + depth);
    }
    try (Lineage lineage = store.open()) {
      LineageGraph graph = lineage.graph();
      Node start = NodeArgument.resolve(node, lineage, graph);
      Problems.warn(graph.problems(), output.err());
      Closure c = upstream()
          ? depth == null ? graph.upstream(start) : graph.upstream(start, depth)
          : depth == null ? graph.downstream(start) : graph.downstream(start, depth);
      if (output.json) {
        Json.print(output.out(), NodeLabels.json(c, upstream()));
      } else {
        ClosureTree.lines(c, upstream(), n -> NodeLabels.label(c, n)).forEach(output.out()::println);
      }
    }
    return ExitCode.OK;
  }
}
