package dev.lineage.query;

import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import java.util.List;

/**
 * An immutable snapshot of a store's lineage graph, loaded from the compacted index plus the runs written since
 * (docs/lineage-index.md). Cheap to query; take a new one with {@code lineage.graph()} to see later writes.
 *
 * @since 0.1.0
 */
public interface LineageGraph {
  /** Every run, input artifact, param set and code fingerprint that led to {@code node}. */
  Closure upstream(Node node);

  /** Like {@link #upstream(Node)}, following at most {@code maxDepth} edges. */
  Closure upstream(Node node, int maxDepth);

  /** Every run, artifact, model version and alias that {@code node} reached. */
  Closure downstream(Node node);

  /** Like {@link #downstream(Node)}, following at most {@code maxDepth} edges. */
  Closure downstream(Node node, int maxDepth);

  /** The runs that produced an artifact, oldest first. */
  List<RunId> producers(Digest artifact);

  /** The runs that used an artifact, oldest first. */
  List<RunId> consumers(Digest artifact);

  /** A shortest path from {@code from} to {@code to} along lineage (either direction of time), or empty. */
  List<Node> path(Node from, Node to);

  /** What differs between two runs. */
  RunDiff diff(RunId a, RunId b);

  /** Runs matching the query, sorted and limited as it says; the same answer as {@code Lineage.runs(query)}. */
  List<RunRecord> search(RunQuery query);

  /** One run as indexed; throws {@link dev.lineage.NotFoundException} if the graph has no such run. */
  RunRecord run(RunId id);

  /** How many runs the graph holds (damaged runs are not counted: see {@link #problems()}). */
  int runCount();

  /**
   * The objects that could not be read when this graph was loaded (a damaged run, index snapshot or registry
   * entry, or a stray file), each left out of every answer; empty for a healthy store.
   */
  List<dev.lineage.StoreProblem> problems();
}
