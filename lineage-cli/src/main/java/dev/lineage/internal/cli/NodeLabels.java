package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.query.Closure;
import dev.lineage.query.Edge;
import dev.lineage.query.Node;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How a node of a closure reads in a tree and in JSON: names, ids, short digests, params, commit. */
final class NodeLabels {
  private static final int PARAMS_SHOWN = 4;

  private NodeLabels() {}

  static String label(Closure c, Node n) {
    return switch (n.kind()) {
      case RUN -> run(c, n.runId());
      case ARTIFACT -> artifact(c, n.digest());
      case STEP -> "step " + n.step();
      case MODEL_VERSION -> model(c, n);
    };
  }

  private static String run(Closure c, RunId id) {
    RunRecord r = c.runs().get(id);
    if (r == null) {
      return "run " + id;
    }
    StringBuilder s = new StringBuilder("run ").append(r.name()).append(' ').append(id).append(' ').append(r.status());
    Map<String, dev.lineage.ParamValue> params = new TreeMap<>(r.params());
    if (!params.isEmpty()) {
      s.append(" {").append(params.entrySet().stream().limit(PARAMS_SHOWN)
          .map(e -> e.getKey() + "=" + e.getValue().text()).collect(Collectors.joining(", ")))
          .append(params.size() > PARAMS_SHOWN ? ", ..." : "").append('}');
    }
    s.append(" git ").append(r.fingerprint().gitCommit().map(g -> g.substring(0, Math.min(10, g.length())))
        .orElse("unknown")).append(' ').append(r.fingerprint().gitState().name().toLowerCase(java.util.Locale.ROOT));
    return s.toString();
  }

  private static String artifact(Closure c, Digest d) {
    Artifact a = c.artifacts().get(d);
    if (a == null) {
      return "artifact " + d;
    }
    return "artifact " + a.name().orElse("(unnamed)") + " " + Human.shortDigest(d) + " (" + Human.kindAndSize(a)
        + ")";
  }

  private static String model(Closure c, Node n) {
    String model = n.model();
    int version = n.version();
    String id = n.id();
    String aliases = c.aliases().entrySet().stream()
        .filter(e -> e.getValue() == version && e.getKey().startsWith(model + ":"))
        .map(e -> e.getKey().substring(model.length() + 1)).sorted().collect(Collectors.joining(", "));
    return "model " + id + (aliases.isEmpty() ? "" : " [" + aliases + "]");
  }

  static ObjectNode json(Closure c, boolean upstream) {
    ObjectNode n = Json.object();
    n.put("start", c.start().toString());
    n.put("direction", upstream ? "upstream" : "downstream");
    ArrayNode runs = n.putArray("runs");
    new TreeMap<>(c.runs()).values().forEach(r -> runs.add(Json.runSummary(r)));
    ArrayNode artifacts = n.putArray("artifacts");
    new TreeMap<>(c.artifacts()).values().forEach(a -> artifacts.add(Json.artifact(a)));
    ArrayNode models = n.putArray("modelVersions");
    c.modelVersions().stream().sorted().forEach(models::add);
    ObjectNode aliases = n.putObject("aliases");
    new TreeMap<>(c.aliases()).forEach(aliases::put);
    ArrayNode edges = n.putArray("edges");
    for (Edge e : c.edges()) {
      ObjectNode edge = edges.addObject();
      edge.put("from", e.from().toString());
      edge.put("kind", e.kind().name());
      edge.put("to", e.to().toString());
    }
    return n;
  }
}
