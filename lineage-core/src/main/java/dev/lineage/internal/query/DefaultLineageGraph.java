package dev.lineage.internal.query;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.internal.registry.DefaultModelRegistry;
import dev.lineage.query.Closure;
import dev.lineage.query.Edge;
import dev.lineage.query.EdgeKind;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.RunDiff;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.ModelVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The lineage graph of a snapshot of runs and registry entries, with adjacency built once. */
public final class DefaultLineageGraph implements LineageGraph {
  private static final String CACHE_SOURCE = "lineage.cache.source";
  private static final String STEP = "lineage.step";
  private static final String STEP_KEY = "lineage.step.key";

  private final Map<RunId, RunRecord> runs;
  private final Map<Digest, List<RunId>> producers = new HashMap<>();
  private final Map<Digest, List<RunId>> consumers = new HashMap<>();
  private final Map<RunId, List<RunId>> hitsOf = new HashMap<>();
  private final Map<RunId, List<RunId>> children = new HashMap<>();
  private final Map<String, ModelVersion> versions = new HashMap<>();
  private final Map<Digest, List<ModelVersion>> versionsOf = new HashMap<>();
  private final Map<String, Integer> aliases;
  private final Map<String, List<RunId>> stepRuns = new HashMap<>();
  private final Map<Digest, Artifact> artifacts = new HashMap<>();

  public DefaultLineageGraph(Map<RunId, RunRecord> runs, DefaultModelRegistry.RegistrySnapshot registry) {
    this.runs = runs;
    this.aliases = registry.aliases();
    for (RunRecord r : runs.values()) { // ascending id: lists come out oldest first
      r.inputs().forEach(a -> {
        consumers.computeIfAbsent(a.digest(), d -> new ArrayList<>()).add(r.id());
        artifacts.putIfAbsent(a.digest(), a);
      });
      r.outputs().forEach(a -> {
        producers.computeIfAbsent(a.digest(), d -> new ArrayList<>()).add(r.id());
        artifacts.putIfAbsent(a.digest(), a);
      });
      r.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(r.id()));
      Optional.ofNullable(r.tags().get(CACHE_SOURCE)).map(RunId::of)
          .ifPresent(src -> hitsOf.computeIfAbsent(src, k -> new ArrayList<>()).add(r.id()));
      Optional.ofNullable(r.tags().get(STEP))
          .ifPresent(s -> stepRuns.computeIfAbsent(s, k -> new ArrayList<>()).add(r.id()));
    }
    for (ModelVersion v : registry.versions()) {
      versions.put(v.model() + "@" + v.version(), v);
      versionsOf.computeIfAbsent(v.artifact().digest(), d -> new ArrayList<>()).add(v);
      artifacts.putIfAbsent(v.artifact().digest(), v.artifact());
    }
  }

  /** The edges leaving a node, in the upstream (toward causes) or downstream (toward effects) direction. */
  private List<Edge> edges(Node node, boolean upstream) {
    List<Edge> out = new ArrayList<>();
    switch (node.kind()) {
      case ARTIFACT: {
        Digest d = Digest.parse(node.id());
        if (upstream) {
          producers.getOrDefault(d, List.of()).forEach(r -> out.add(new Edge(Node.run(r), EdgeKind.PRODUCED, node)));
        } else {
          consumers.getOrDefault(d, List.of()).forEach(r -> out.add(new Edge(Node.run(r), EdgeKind.USED, node)));
          versionsOf.getOrDefault(d, List.of()).forEach(v ->
              out.add(new Edge(Node.modelVersion(v.model(), v.version()), EdgeKind.REGISTERED_AS, node)));
        }
        break;
      }
      case RUN: {
        RunRecord r = runs.get(RunId.of(node.id()));
        if (r == null) {
          break;
        }
        if (upstream) {
          r.inputs().forEach(a -> out.add(new Edge(node, EdgeKind.USED, Node.artifact(a.digest()))));
          Optional.ofNullable(r.tags().get(CACHE_SOURCE)).ifPresent(src ->
              out.add(new Edge(node, EdgeKind.CACHE_HIT_OF, Node.run(RunId.of(src)))));
          Optional.ofNullable(r.tags().get(STEP)).ifPresent(s -> out.add(new Edge(node, EdgeKind.INSTANCE_OF,
              Node.step(s))));
        } else {
          r.outputs().forEach(a -> out.add(new Edge(node, EdgeKind.PRODUCED, Node.artifact(a.digest()))));
          hitsOf.getOrDefault(r.id(), List.of()).forEach(h ->
              out.add(new Edge(Node.run(h), EdgeKind.CACHE_HIT_OF, node)));
          children.getOrDefault(r.id(), List.of()).forEach(c ->
              out.add(new Edge(Node.run(c), EdgeKind.CHILD_OF, node)));
        }
        break;
      }
      case MODEL_VERSION: {
        ModelVersion v = versions.get(node.id());
        if (v != null && upstream) {
          out.add(new Edge(node, EdgeKind.REGISTERED_AS, Node.artifact(v.artifact().digest())));
        }
        break;
      }
      default: // a step: its runs are reached from them, not from it
        break;
    }
    return out;
  }

  private static Node other(Edge e, Node from) {
    return e.from().equals(from) ? e.to() : e.from();
  }

  private Closure closure(Node start, int maxDepth, boolean upstream) {
    if (maxDepth < 0) {
      throw new InvalidInputException("maxDepth", "must be >= 0, was " + maxDepth);
    }
    requireKnown(start);
    Map<Node, Integer> depth = new LinkedHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    List<Edge> walked = new ArrayList<>();
    depth.put(start, 0);
    queue.add(start);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      int d = depth.get(n);
      if (d == maxDepth) {
        continue;
      }
      for (Edge e : edges(n, upstream)) {
        walked.add(e);
        Node next = other(e, n);
        if (!depth.containsKey(next)) {
          depth.put(next, d + 1);
          queue.add(next);
        }
      }
    }
    Map<RunId, RunRecord> closureRuns = new TreeMap<>();
    Map<Digest, Artifact> closureArtifacts = new TreeMap<>();
    Map<RunId, Map<String, ParamValue>> params = new TreeMap<>();
    Map<RunId, String> code = new TreeMap<>();
    Set<String> closureVersions = new TreeSet<>();
    for (Node n : depth.keySet()) {
      switch (n.kind()) {
        case RUN: {
          RunRecord r = runs.get(RunId.of(n.id()));
          if (r != null) {
            closureRuns.put(r.id(), r);
            params.put(r.id(), r.params());
            code.put(r.id(), codeOf(r));
          }
          break;
        }
        case ARTIFACT:
          Optional.ofNullable(artifacts.get(Digest.parse(n.id()))).ifPresent(a -> closureArtifacts.put(a.digest(), a));
          break;
        case MODEL_VERSION:
          closureVersions.add(n.id());
          break;
        default:
          break;
      }
    }
    Map<String, Integer> closureAliases = new TreeMap<>();
    aliases.forEach((aliasKey, version) -> {
      String model = aliasKey.substring(0, aliasKey.indexOf(':'));
      if (closureVersions.contains(model + "@" + version)) {
        closureAliases.put(aliasKey, version);
      }
    });
    return new Closure(start, closureRuns, closureArtifacts, params, code, closureVersions, closureAliases, walked);
  }

  /** A run's code: its git commit and state, its classpath digest, and for a step run its cache key. */
  static String codeOf(RunRecord r) {
    String code = "git " + r.fingerprint().gitCommit().orElse("unknown") + " " + r.fingerprint().gitState()
        + ", classpath " + r.fingerprint().classpathDigest();
    String stepKey = r.tags().get(STEP_KEY);
    return stepKey == null ? code : code + ", step key sha256:" + stepKey;
  }

  private void requireKnown(Node node) {
    boolean known;
    switch (node.kind()) {
      case RUN:
        known = runs.containsKey(RunId.of(node.id()));
        break;
      case ARTIFACT:
        known = artifacts.containsKey(Digest.parse(node.id()));
        break;
      case MODEL_VERSION:
        known = versions.containsKey(node.id());
        break;
      default:
        known = stepRuns.containsKey(node.id());
        break;
    }
    if (!known) {
      throw new NotFoundException("the lineage graph has no " + node);
    }
  }

  @Override
  public Closure upstream(Node node) {
    return closure(node, Integer.MAX_VALUE, true);
  }

  @Override
  public Closure upstream(Node node, int maxDepth) {
    return closure(node, maxDepth, true);
  }

  @Override
  public Closure downstream(Node node) {
    return closure(node, Integer.MAX_VALUE, false);
  }

  @Override
  public Closure downstream(Node node, int maxDepth) {
    return closure(node, maxDepth, false);
  }

  @Override
  public List<RunId> producers(Digest artifact) {
    return List.copyOf(producers.getOrDefault(artifact, List.of()));
  }

  @Override
  public List<RunId> consumers(Digest artifact) {
    return List.copyOf(consumers.getOrDefault(artifact, List.of()));
  }

  @Override
  public List<Node> path(Node from, Node to) {
    requireKnown(from);
    requireKnown(to);
    List<Node> forward = shortestPath(from, to, false);
    return forward.isEmpty() ? shortestPath(from, to, true) : forward;
  }

  private List<Node> shortestPath(Node from, Node to, boolean upstream) {
    Map<Node, Node> cameFrom = new HashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    cameFrom.put(from, from);
    queue.add(from);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (n.equals(to)) {
        List<Node> path = new ArrayList<>();
        for (Node p = to; !p.equals(from); p = cameFrom.get(p)) {
          path.add(0, p);
        }
        path.add(0, from);
        return path;
      }
      for (Edge e : edges(n, upstream)) {
        Node next = other(e, n);
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, n);
          queue.add(next);
        }
      }
    }
    return List.of();
  }

  @Override
  public RunDiff diff(RunId a, RunId b) {
    return RunDiffs.of(run(a), run(b));
  }

  @Override
  public List<RunRecord> search(RunQuery query) {
    if (query == null) {
      throw new InvalidInputException("query", "must not be null");
    }
    return runs.values().stream().filter(query::matches).sorted(query.order()).limit(query.limit()).toList();
  }

  @Override
  public RunRecord run(RunId id) {
    RunRecord r = runs.get(id);
    if (r == null) {
      throw new NotFoundException("the lineage graph has no run " + id);
    }
    return r;
  }

  @Override
  public int runCount() {
    return runs.size();
  }
}
