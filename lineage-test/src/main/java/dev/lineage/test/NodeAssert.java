package dev.lineage.test;

import dev.lineage.Artifact;
import dev.lineage.GitState;
import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.Closure;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Assertions about one node of the lineage graph (a model version, a run or an artifact), chained:
 *
 * <pre>{@code
 * assertThatModel(lineage, "churn", "production")
 *     .wasTrainedOn(artifactNamed("validated-train"))
 *     .hasParam("learning_rate", 0.01)
 *     .cameFromCleanCommit()
 *     .neverDependsOn(artifactNamed("quarantined-2024-06"));
 * }</pre>
 *
 * Each failing assertion throws an {@link AssertionError} whose message says what was expected and shows the
 * part of the lineage that matters: the tree it searched, or the path to what should not be there, with run ids,
 * names, params, digests and git state, so a CI log explains itself. Immutable: {@link #withinDepth} returns a
 * new assertion.
 *
 * @since 0.1.0
 */
public final class NodeAssert {
  private final LineageGraph graph;
  private final Node node;
  private final String subject;
  private final Optional<RunId> registeredRun;
  private final int depth;

  NodeAssert(LineageGraph graph, Node node, String subject, Optional<RunId> registeredRun, int depth) {
    this.graph = graph;
    this.node = node;
    this.subject = subject;
    this.registeredRun = registeredRun;
    this.depth = depth;
  }

  /** The node these assertions are about. */
  public Node node() {
    return node;
  }

  /** The same assertions, following at most {@code edges} edges from the node (depth bounds on a rule). */
  public NodeAssert withinDepth(int edges) {
    if (edges < 0) {
      throw new InvalidInputException("edges", "must be >= 0, was " + edges);
    }
    return new NodeAssert(graph, node, subject, registeredRun, edges);
  }

  private Closure upstream() {
    return depth == Integer.MAX_VALUE ? graph.upstream(node) : graph.upstream(node, depth);
  }

  private Closure downstream() {
    return depth == Integer.MAX_VALUE ? graph.downstream(node) : graph.downstream(node, depth);
  }

  private String depthText() {
    return depth == Integer.MAX_VALUE ? "" : " within " + depth + " edge" + (depth == 1 ? "" : "s");
  }

  /** Something upstream is an artifact matching {@code m}: what a model was trained on, a run read. */
  public NodeAssert dependsOn(ArtifactMatcher m) {
    Closure up = upstream();
    if (up.artifacts().values().stream().noneMatch(m::matches)) {
      throw fail("to depend on " + m + depthText() + ", but nothing upstream is.\nUpstream of " + subject + ":\n"
          + LineageText.tree(up, true) + names(up));
    }
    return this;
  }

  /** {@link #dependsOn}, in the words a model's rule reads best in. */
  public NodeAssert wasTrainedOn(ArtifactMatcher m) {
    return dependsOn(m);
  }

  /** Nothing upstream is an artifact matching {@code m}; the failure shows the path it came by. */
  public NodeAssert neverDependsOn(ArtifactMatcher m) {
    Closure up = upstream();
    List<Artifact> found = up.artifacts().values().stream().filter(m::matches).toList();
    if (!found.isEmpty()) {
      throw fail("never to depend on " + m + depthText() + ", but it does, by this path:\n"
          + path(Node.artifact(found.get(0).digest()), true)
          + (found.size() > 1 ? "  (and " + (found.size() - 1) + " more such artifacts)\n" : ""));
    }
    return this;
  }

  /** Something upstream is a run matching {@code m}. */
  public NodeAssert dependsOnRun(RunMatcher m) {
    Closure up = upstream();
    if (up.runs().values().stream().noneMatch(m::matches)) {
      throw fail("to depend on " + m + depthText() + ", but no run upstream is.\nUpstream of " + subject + ":\n"
          + LineageText.tree(up, true));
    }
    return this;
  }

  /** No run upstream matches {@code m}. */
  public NodeAssert neverDependsOnRun(RunMatcher m) {
    Closure up = upstream();
    List<RunRecord> found = up.runs().values().stream().filter(m::matches).toList();
    if (!found.isEmpty()) {
      throw fail("never to depend on " + m + depthText() + ", but it does, by this path:\n"
          + path(Node.run(found.get(0).id()), true));
    }
    return this;
  }

  /** Something downstream is an artifact matching {@code m}: what this data or run went on to make. */
  public NodeAssert feeds(ArtifactMatcher m) {
    Closure down = downstream();
    if (down.artifacts().values().stream().noneMatch(m::matches)) {
      throw fail("to feed " + m + depthText() + ", but nothing downstream is.\nDownstream of " + subject + ":\n"
          + LineageText.tree(down, false));
    }
    return this;
  }

  /** Nothing downstream is an artifact matching {@code m}. */
  public NodeAssert neverFeeds(ArtifactMatcher m) {
    Closure down = downstream();
    List<Artifact> found = down.artifacts().values().stream().filter(m::matches).toList();
    if (!found.isEmpty()) {
      throw fail("never to feed " + m + depthText() + ", but it does, by this path:\n"
          + path(Node.artifact(found.get(0).digest()), false));
    }
    return this;
  }

  /** No model version downstream is under {@code model}'s alias {@code alias} now (say, production). */
  public NodeAssert neverReachesAlias(String model, String alias) {
    Closure down = downstream();
    Integer version = down.aliases().get(model + ":" + alias);
    if (version != null) {
      throw fail("never to reach " + model + ":" + alias + ", but " + model + "@" + version
          + " is downstream and under it, by this path:\n" + path(Node.modelVersion(model, version), false));
    }
    return this;
  }

  /** The runs that made this node: a run itself; for an artifact its producers; for a model version its run. */
  private List<RunRecord> makers() {
    switch (node.kind()) {
      case RUN:
        return List.of(graph.run(node.runId()));
      case ARTIFACT:
        return graph.producers(node.digest()).stream().map(graph::run).toList();
      case MODEL_VERSION: {
        if (registeredRun.isPresent()) {
          return List.of(graph.run(registeredRun.get()));
        }
        Closure one = graph.upstream(node, 2);
        return new ArrayList<>(one.runs().values());
      }
      default:
        throw new InvalidInputException("node", "a step has no single run that made it: " + node);
    }
  }

  private List<RunRecord> requireMakers() {
    List<RunRecord> makers = makers();
    if (makers.isEmpty()) {
      throw fail("to have been made by a run, but no run produced it.\nUpstream of " + subject + ":\n"
          + LineageText.tree(upstream(), true));
    }
    return makers;
  }

  /** The run that made this node logged STRING param {@code key} as {@code value}. */
  public NodeAssert hasParam(String key, String value) {
    return hasParam(key, ParamValue.of(value));
  }

  /** The run that made this node logged LONG param {@code key} as {@code value}. */
  public NodeAssert hasParam(String key, long value) {
    return hasParam(key, ParamValue.of(value));
  }

  /** The run that made this node logged DOUBLE param {@code key} as {@code value}. */
  public NodeAssert hasParam(String key, double value) {
    return hasParam(key, ParamValue.of(value));
  }

  /** The run that made this node logged BOOLEAN param {@code key} as {@code value}. */
  public NodeAssert hasParam(String key, boolean value) {
    return hasParam(key, ParamValue.of(value));
  }

  private NodeAssert hasParam(String key, ParamValue value) {
    return hasParam(key, value::equals, "= " + value.type() + " " + value);
  }

  /** The run that made this node logged param {@code key} passing {@code test} ({@code described} for messages). */
  public NodeAssert hasParam(String key, Predicate<ParamValue> test, String described) {
    for (RunRecord r : requireMakers()) {
      ParamValue v = r.params().get(key);
      if (v == null || !test.test(v)) {
        throw fail("to have been made by a run with param " + key + " " + described + ", but "
            + (v == null ? "it has no such param" : "it is " + v.type() + " " + v) + ":\n  " + LineageText.run(r));
      }
    }
    return this;
  }

  /** The run that made this node ended with metric {@code key}'s final value passing {@code test}. */
  public NodeAssert hasFinalMetric(String key, DoublePredicate test, String described) {
    for (RunRecord r : requireMakers()) {
      var m = r.metrics().get(key);
      if (m == null || !test.test(m.lastValue())) {
        throw fail("to have been made by a run whose final " + key + " is " + described + ", but "
            + (m == null ? "it logged no " + key : "it is " + m.lastValue()) + ":\n  " + LineageText.run(r));
      }
    }
    return this;
  }

  /** The run that made this node ended with this status. */
  public NodeAssert wasProducedByRunWithStatus(RunStatus status) {
    for (RunRecord r : requireMakers()) {
      if (r.status() != status) {
        throw fail("to have been made by a run that ended " + status + ", but it is " + r.status()
            + r.failure().map(f -> " (" + f + ")").orElse("") + ":\n  " + LineageText.run(r));
      }
    }
    return this;
  }

  /** The run that made this node ran on a clean git commit (not dirty, not unknown). */
  public NodeAssert cameFromCleanCommit() {
    for (RunRecord r : requireMakers()) {
      if (r.fingerprint().gitState() != GitState.CLEAN) {
        throw fail("to have been made from a clean commit, but the run's git state is "
            + r.fingerprint().gitState() + ":\n  " + LineageText.run(r));
      }
    }
    return this;
  }

  /** Every run upstream ran on a clean git commit. */
  public NodeAssert everyUpstreamRunCameFromCleanCommit() {
    List<RunRecord> dirty = upstream().runs().values().stream()
        .filter(r -> r.fingerprint().gitState() != GitState.CLEAN).toList();
    if (!dirty.isEmpty()) {
      throw fail("to depend only on runs from clean commits" + depthText() + ", but " + dirty.size()
          + " did not:\n" + dirty.stream().map(r -> "  " + LineageText.run(r)).collect(Collectors.joining("\n")));
    }
    return this;
  }

  private String path(Node to, boolean upstream) {
    List<Node> path = graph.path(node, to);
    Closure c = upstream ? graph.upstream(node) : graph.downstream(node);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      out.append("  ").append("  ".repeat(i)).append(i == 0 ? "" : upstream ? "<- " : "-> ")
          .append(LineageText.label(c, path.get(i))).append('\n');
    }
    return out.toString();
  }

  private static String names(Closure c) {
    String names = c.artifacts().values().stream().map(a -> a.name().orElse("(unnamed)")).distinct().sorted()
        .collect(Collectors.joining(", "));
    return "Artifact names upstream: " + (names.isEmpty() ? "(none)" : names) + "\n";
  }

  private AssertionError fail(String expectation) {
    return new AssertionError("Expected " + subject + " " + expectation);
  }
}
