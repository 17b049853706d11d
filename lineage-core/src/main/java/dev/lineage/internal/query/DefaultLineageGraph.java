package dev.lineage.internal.query;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.StoreProblem;
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
import dev.lineage.query.NodeKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.function.IntConsumer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lineage graph of an index snapshot's runs, kept as columns, plus the tail's records and the registry.
 * Runs are numbered: the snapshot's {@code 0 .. indexed-1}, then the tail's; artifacts likewise, the snapshot's
 * first, then digests only the tail or the registry names.
 */
public final class DefaultLineageGraph implements LineageGraph {
  private final SnapshotRuns snapshot;
  private final int indexed;
  private final List<RunRecord> tail;
  private final Map<String, Integer> tailIndex = new HashMap<>();
  private final int indexedArtifacts;
  private final Map<String, Integer> newArtifactIndex = new HashMap<>();
  private final List<Artifact> newArtifacts = new ArrayList<>();
  private final Map<Integer, List<Integer>> tailConsumers = new HashMap<>();
  private final Map<Integer, List<Integer>> tailProducers = new HashMap<>();
  private final Map<Integer, List<Integer>> children = new HashMap<>();
  private final Map<Integer, List<Integer>> hitsOf = new HashMap<>();
  private final Map<Integer, String> cacheSourceOf = new HashMap<>();
  private final Map<Integer, String> stepOf = new HashMap<>();
  private final Set<String> steps = new HashSet<>();
  private final Map<String, ModelVersion> versions = new HashMap<>();
  private final Map<Integer, List<ModelVersion>> versionsOf = new HashMap<>();
  private final Map<String, Integer> aliases;
  private final List<StoreProblem> problems;
  private final IndexStore.Loaded loaded;

  public DefaultLineageGraph(IndexStore.Loaded loaded, DefaultModelRegistry.RegistrySnapshot registry) {
    this.loaded = loaded;
    List<StoreProblem> all = new ArrayList<>(loaded.problems());
    all.addAll(registry.problems());
    this.problems = List.copyOf(all);
    this.snapshot = loaded.snapshot();
    this.indexed = snapshot.size();
    this.tail = loaded.tail();
    this.indexedArtifacts = snapshot.artifactCount();
    this.aliases = registry.aliases();
    for (int i = 0; i < this.tail.size(); i++) {
      tailIndex.put(this.tail.get(i).id().value(), indexed + i);
    }
    for (int i = 0; i < this.tail.size(); i++) { // ascending id: lists come out oldest first
      RunRecord r = this.tail.get(i);
      int run = indexed + i;
      r.inputs().forEach(a -> tailConsumers.computeIfAbsent(artifactNumber(a), k -> new ArrayList<>()).add(run));
      r.outputs().forEach(a -> tailProducers.computeIfAbsent(artifactNumber(a), k -> new ArrayList<>()).add(run));
      r.parent().ifPresent(p -> addChild(p.value(), run));
      r.step().ifPresent(s -> {
        addStep(s.step(), run);
        if (s.cacheHit()) {
          addHit(s.entryRun().orElseThrow().value(), run);
        }
      });
    }
    snapshot.forEachChild(this::addChild);
    snapshot.forEachStep(this::addStep, this::addHit);
    for (ModelVersion v : registry.versions()) {
      versions.put(v.model() + "@" + v.version(), v);
      versionsOf.computeIfAbsent(artifactNumber(v.artifact()), d -> new ArrayList<>()).add(v);
    }
  }

  private void addChild(String parent, int run) {
    int p = runNumber(parent);
    if (p >= 0) {
      children.computeIfAbsent(p, k -> new ArrayList<>()).add(run);
    }
  }

  private void addHit(String source, int run) {
    cacheSourceOf.put(run, source);
    int s = runNumber(source);
    if (s >= 0) {
      hitsOf.computeIfAbsent(s, k -> new ArrayList<>()).add(run);
    }
  }

  private void addStep(String step, int run) {
    stepOf.put(run, step);
    steps.add(step);
  }

  /** The artifact's number, numbering it if neither the snapshot nor an earlier tail run had it. */
  private int artifactNumber(Artifact a) {
    String digest = a.digest().toString();
    int n = artifactNumber(digest);
    if (n < 0) {
      n = indexedArtifacts + newArtifacts.size();
      newArtifacts.add(a);
      newArtifactIndex.put(digest, n);
    }
    return n;
  }

  /** The artifact's number, or -1. */
  private int artifactNumber(String digest) {
    int n = snapshot.artifactIndexOf(digest);
    if (n < 0) {
      n = newArtifactIndex.getOrDefault(digest, -1);
    }
    return n;
  }

  private Artifact artifact(int n) {
    return n < indexedArtifacts ? snapshot.artifact(n) : newArtifacts.get(n - indexedArtifacts);
  }

  private String digest(int n) {
    return n < indexedArtifacts ? snapshot.digest(n) : newArtifacts.get(n - indexedArtifacts).digest().toString();
  }

  /** The run's number, or -1. */
  private int runNumber(String id) {
    int n = snapshot.indexOf(id);
    if (n < 0) {
      n = tailIndex.getOrDefault(id, -1);
    }
    return n;
  }

  private RunRecord record(int run) {
    return run < indexed ? snapshot.record(run) : tail.get(run - indexed);
  }

  private String runId(int run) {
    return run < indexed ? snapshot.id(run) : tail.get(run - indexed).id().value();
  }

  private Node runNode(int run) {
    return new Node(NodeKind.RUN, runId(run));
  }

  private Node artifactNode(int artifact) {
    return new Node(NodeKind.ARTIFACT, digest(artifact));
  }

  /** The runs that used (or produced) an artifact: the snapshot's, then the tail's. */
  private void forEachRun(int artifact, boolean used, IntConsumer action) {
    if (artifact < indexedArtifacts) {
      Adjacency a = used ? snapshot.consumers() : snapshot.producers();
      for (int p = a.from(artifact); p < a.to(artifact); p++) {
        action.accept(a.target(p));
      }
    }
    (used ? tailConsumers : tailProducers).getOrDefault(artifact, List.of()).forEach(action::accept);
  }

  /**
   * The runs that used (or produced) an artifact, less the cache hits of one of them: a hit restored what its
   * computing run made from the same inputs, and is reached from that run by its cache-hit-of edge, once, rather
   * than standing beside it as another producer or consumer each time the step is served.
   */
  private List<Integer> runsOf(int artifact, boolean used) {
    List<Integer> runs = new ArrayList<>();
    forEachRun(artifact, used, runs::add);
    if (runs.size() < 2 || cacheSourceOf.isEmpty()) {
      return runs;
    }
    Set<String> ids = new HashSet<>();
    runs.forEach(r -> ids.add(runId(r)));
    runs.removeIf(r -> ids.contains(cacheSourceOf.get(r)));
    return runs;
  }

  /** The artifacts a run used (or produced). */
  private void forEachArtifact(int run, boolean used, IntConsumer action) {
    if (run < indexed) {
      snapshot.forEachArtifact(run, used, action);
    } else {
      RunRecord r = tail.get(run - indexed);
      (used ? r.inputs() : r.outputs()).forEach(a -> action.accept(artifactNumber(a.digest().toString())));
    }
  }

  /** The edges leaving a node, in the upstream (toward causes) or downstream (toward effects) direction. */
  private List<Edge> edges(Node node, boolean upstream) {
    List<Edge> out = new ArrayList<>();
    switch (node.kind()) {
      case ARTIFACT: {
        int a = artifactNumber(node.id());
        if (a < 0) {
          break;
        }
        if (upstream) {
          runsOf(a, false).forEach(r -> out.add(new Edge(runNode(r), EdgeKind.PRODUCED, node)));
        } else {
          runsOf(a, true).forEach(r -> out.add(new Edge(runNode(r), EdgeKind.USED, node)));
          versionsOf.getOrDefault(a, List.of()).forEach(v ->
              out.add(new Edge(Node.modelVersion(v.model(), v.version()), EdgeKind.REGISTERED_AS, node)));
        }
        break;
      }
      case RUN: {
        int r = runNumber(node.id());
        if (r < 0) {
          break;
        }
        if (upstream) {
          forEachArtifact(r, true, a -> out.add(new Edge(node, EdgeKind.USED, artifactNode(a))));
          Optional.ofNullable(cacheSourceOf.get(r)).ifPresent(src ->
              out.add(new Edge(node, EdgeKind.CACHE_HIT_OF, new Node(NodeKind.RUN, src))));
          Optional.ofNullable(stepOf.get(r)).ifPresent(s -> out.add(new Edge(node, EdgeKind.INSTANCE_OF,
              Node.step(s))));
        } else {
          forEachArtifact(r, false, a -> out.add(new Edge(node, EdgeKind.PRODUCED, artifactNode(a))));
          hitsOf.getOrDefault(r, List.of()).forEach(h -> out.add(new Edge(runNode(h), EdgeKind.CACHE_HIT_OF, node)));
          children.getOrDefault(r, List.of()).forEach(c -> out.add(new Edge(runNode(c), EdgeKind.CHILD_OF, node)));
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
        Node next = other(e, n);
        if (next.equals(start)) {
          continue; // a run that read what it wrote: not its own cause, nor its own effect
        }
        walked.add(e);
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
          int run = runNumber(n.id());
          if (run >= 0) {
            RunRecord r = record(run);
            closureRuns.put(r.id(), r);
            params.put(r.id(), r.params());
            code.put(r.id(), codeOf(r));
          }
          break;
        }
        case ARTIFACT: {
          int a = artifactNumber(n.id());
          if (a >= 0) {
            Artifact artifact = artifact(a);
            closureArtifacts.put(artifact.digest(), artifact);
          }
          break;
        }
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
    return r.step().map(s -> code + ", step key " + s.key()).orElse(code);
  }

  private void requireKnown(Node node) {
    boolean known;
    switch (node.kind()) {
      case RUN:
        known = runNumber(node.id()) >= 0; // a RUN node's id is a checked run id
        break;
      case ARTIFACT:
        known = artifactNumber(node.id()) >= 0; // an ARTIFACT node's id is a checked sha256:<hex>
        break;
      case MODEL_VERSION:
        known = versions.containsKey(node.id());
        break;
      default:
        known = steps.contains(node.id());
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
    return runsOf(artifact, false);
  }

  @Override
  public List<RunId> consumers(Digest artifact) {
    return runsOf(artifact, true);
  }

  private List<RunId> runsOf(Digest artifact, boolean used) {
    int a = artifactNumber(artifact.toString());
    List<RunId> out = new ArrayList<>();
    if (a >= 0) {
      forEachRun(a, used, r -> out.add(RunId.of(runId(r))));
    }
    out.sort(null); // a tail run left open before the snapshot is older than some of the snapshot's runs
    return List.copyOf(out);
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
    return loaded.search(query);
  }

  @Override
  public List<StoreProblem> problems() {
    return problems;
  }

  @Override
  public RunRecord run(RunId id) {
    int r = id == null ? -1 : runNumber(id.value());
    if (r < 0) {
      throw new NotFoundException("the lineage graph has no run " + id);
    }
    return record(r);
  }

  @Override
  public int runCount() {
    return indexed + tail.size();
  }
}
