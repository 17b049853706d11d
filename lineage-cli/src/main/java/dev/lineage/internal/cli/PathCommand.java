package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.query.Closure;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "path", description = "A shortest lineage path between two nodes, in either direction of time.",
    footer = {"", "Example:", "  lineage path data/raw.csv churn@1"})
final class PathCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "FROM", description = NodeArgument.HELP) String from;
  @Parameters(index = "1", paramLabel = "TO") String to;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      LineageGraph graph = lineage.graph();
      Node a = NodeArgument.resolve(from, lineage, graph);
      Node b = NodeArgument.resolve(to, lineage, graph);
      List<Node> path = graph.path(a, b);
      if (path.isEmpty()) {
        throw new NotFoundException("no lineage path joins " + from + " and " + to);
      }
      Closure labels = merged(graph, a);
      if (output.json) {
        ArrayNode list = Json.array();
        path.forEach(n -> list.add(n.toString()));
        Json.print(output.out(), list);
      } else {
        for (int i = 0; i < path.size(); i++) {
          output.out().println((i == 0 ? "" : "  ".repeat(i) + "| ") + NodeLabels.label(labels, path.get(i)));
        }
      }
    }
    return ExitCode.OK;
  }

  /** Both closures of the start, so every node on a path through it has its record for the label. */
  private static Closure merged(LineageGraph graph, Node a) {
    Closure up = graph.upstream(a);
    Closure down = graph.downstream(a);
    java.util.Map<dev.lineage.RunId, dev.lineage.RunRecord> runs = new java.util.HashMap<>(up.runs());
    runs.putAll(down.runs());
    java.util.Map<dev.lineage.Digest, dev.lineage.Artifact> artifacts = new java.util.HashMap<>(up.artifacts());
    artifacts.putAll(down.artifacts());
    java.util.Map<String, Integer> aliases = new java.util.HashMap<>(up.aliases());
    aliases.putAll(down.aliases());
    return new Closure(a, runs, artifacts, java.util.Map.of(), java.util.Map.of(), java.util.Set.of(), aliases,
        List.of());
  }
}
