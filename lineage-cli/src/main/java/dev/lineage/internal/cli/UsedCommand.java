package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.NodeKind;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "used", description = "The runs that used a file, directory or digest, and the runs that made it.",
    footer = {"", "Examples:", "  lineage used data/train.csv", "  lineage used sha256:3f2a... --json"})
final class UsedCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(paramLabel = "ARTIFACT", description = "A file or directory path, or sha256:<hex>.")
  String artifact;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      LineageGraph graph = lineage.graph();
      Node node = NodeArgument.resolve(artifact, lineage, graph);
      if (node.kind() != NodeKind.ARTIFACT) {
        throw new dev.lineage.InvalidInputException("ARTIFACT", "must be a file, a directory or a digest, was "
            + artifact + " (a " + node.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
      }
      Digest d = node.digest();
      List<RunId> users = graph.consumers(d);
      List<RunId> makers = graph.producers(d);
      if (output.json) {
        ObjectNode n = Json.object();
        n.put("digest", d.toString());
        n.set("usedBy", runs(graph, users));
        n.set("producedBy", runs(graph, makers));
        Json.print(output.out(), n);
      } else {
        Instant now = output.now();
        output.out().println(d + " was used by " + users.size() + " run(s) and produced by " + makers.size());
        Table t = new Table("", "ID", "NAME", "STATUS", "STARTED");
        users.forEach(id -> row(t, "used by", graph.run(id), now));
        makers.forEach(id -> row(t, "made by", graph.run(id), now));
        t.print(output.out());
      }
    }
    return ExitCode.OK;
  }

  private static void row(Table t, String how, RunRecord r, Instant now) {
    t.row(how, r.id(), r.name(), r.status(), Human.ago(r.startedAt(), now));
  }

  private static ArrayNode runs(LineageGraph graph, List<RunId> ids) {
    ArrayNode a = Json.array();
    ids.forEach(id -> a.add(Json.runSummary(graph.run(id))));
    return a;
  }
}
