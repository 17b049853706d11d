package dev.lineage.internal.query;

import dev.lineage.Artifact;
import dev.lineage.RunRecord;
import dev.lineage.internal.Tasks;
import dev.lineage.internal.query.SnapshotColumns.Rows;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * A snapshot's runs as its decoded index columns. Opening one decodes the six tables into arrays (the
 * artifacts table, the largest, on a second core) and groups each table's rows by run; a {@link RunRecord} is
 * built only when a query returns that run, then kept. Immutable once read, like the snapshot it decodes.
 */
public final class SnapshotRuns {

  private final SnapshotColumns columns;
  private final Rows artifacts;
  private final Edges edges;
  private final SnapshotRecords records;

  /** The edges table as a graph: artifacts (the digest column's dictionary ids) and the runs on either side. */
  private record Edges(Rows rows, Map<String, Integer> artifactIndex, int usedId, int[] firstRow,
      Adjacency consumers, Adjacency producers) {}

  private SnapshotRuns(SnapshotColumns columns, Edges edges, Rows gpus) {
    this.columns = columns;
    this.edges = edges;
    this.artifacts = edges.rows();
    this.records = new SnapshotRecords(columns.runs(), columns.params(), columns.tags(), artifacts,
        columns.metrics(), gpus, edges.usedId(), edges.firstRow());
  }

  /** No snapshot: a store whose runs are all in the tail. */
  static final SnapshotRuns EMPTY = new SnapshotRuns(SnapshotColumns.EMPTY,
      edges(SnapshotColumns.EMPTY.group(TableColumns.empty(RunTables.ARTIFACTS), "no snapshot")),
      SnapshotColumns.EMPTY.group(TableColumns.empty(RunTables.GPUS), "no snapshot"));

  /**
   * Decodes a snapshot from its six tables' bytes, by table name, the artifacts table on {@code executor};
   * {@code keys} names each table's object, for error messages.
   */
  static SnapshotRuns read(Map<String, byte[]> tables, Map<String, String> keys, Executor executor) {
    FutureTask<TableColumns> artifacts = Tasks.start(executor,
        () -> TableColumns.read(tables.get("artifacts"), keys.get("artifacts"), RunTables.ARTIFACTS));
    SnapshotColumns columns = SnapshotColumns.read(tables, keys);
    Rows gpus = columns.group(TableColumns.read(tables.get("gpus"), keys.get("gpus"), RunTables.GPUS),
        keys.get("gpus"));
    Edges edges = edges(columns.group(Tasks.join(artifacts, "reading an index snapshot"), keys.get("artifacts")));
    return new SnapshotRuns(columns, edges, gpus);
  }

  /** The columns searches read. */
  SnapshotColumns columns() {
    return columns;
  }

  private static Edges edges(Rows rows) {
    TableColumns t = rows.columns();
    String[] digests = t.dictionary("digest");
    int[] digestOfRow = t.ids("digest");
    int usedId = Arrays.asList(t.dictionary("direction")).indexOf("USED");
    int[] directionOfRow = t.ids("direction");
    Map<String, Integer> artifactIndex = new HashMap<>(digests.length * 2);
    for (int d = 0; d < digests.length; d++) {
      artifactIndex.put(digests[d], d);
    }
    int[] firstRow = new int[digests.length];
    Arrays.fill(firstRow, -1);
    int usedCount = 0;
    for (int direction : directionOfRow) {
      usedCount += direction == usedId ? 1 : 0;
    }
    int producedCount = t.rows() - usedCount;
    int[] usedArtifact = new int[usedCount];
    int[] user = new int[usedCount];
    int[] producedArtifact = new int[producedCount];
    int[] producer = new int[producedCount];
    int runs = rows.byRun().start().length - 1;
    for (int r = 0, u = 0, o = 0; r < runs; r++) { // in run order, so each artifact's runs come out oldest first
      for (int p = rows.from(r); p < rows.to(r); p++) {
        int row = rows.row(p);
        int d = digestOfRow[row];
        if (firstRow[d] < 0) {
          firstRow[d] = row;
        }
        if (directionOfRow[row] == usedId) {
          usedArtifact[u] = d;
          user[u++] = r;
        } else {
          producedArtifact[o] = d;
          producer[o++] = r;
        }
      }
    }
    return new Edges(rows, artifactIndex, usedId, firstRow, Adjacency.of(digests.length, usedArtifact, user,
        usedCount), Adjacency.of(digests.length, producedArtifact, producer, producedCount));
  }

  int size() {
    return columns.size();
  }

  /** The run's index, or -1. */
  int indexOf(String runId) {
    return columns.indexOf(runId);
  }

  String id(int run) {
    return columns.id(run);
  }

  String parent(int run) {
    return columns.runs().string("parent_id", run);
  }

  /** The runs that name a parent. */
  void forEachChild(java.util.function.ObjIntConsumer<String> action) {
    TableColumns runs = columns.runs();
    int[] parents = runs.ids("parent_id");
    String[] dictionary = runs.dictionary("parent_id");
    for (int run = 0; run < parents.length; run++) {
      if (parents[run] >= 0) {
        action.accept(dictionary[parents[run]], run);
      }
    }
  }

  /** How many distinct artifacts the snapshot's runs used or produced; they are numbered from 0. */
  int artifactCount() {
    return edges.firstRow().length;
  }

  /** The artifact's number, or -1. */
  int artifactIndexOf(String digest) {
    Integer a = edges.artifactIndex().get(digest);
    return a == null ? -1 : a;
  }

  String digest(int artifact) {
    return artifacts.columns().dictionary("digest")[artifact];
  }

  /** The artifact as the oldest run that recorded it named it. */
  Artifact artifact(int artifact) {
    return records.artifact(artifact);
  }

  /** The runs that used the artifact, oldest first. */
  Adjacency consumers() {
    return edges.consumers();
  }

  /** The runs that produced the artifact, oldest first. */
  Adjacency producers() {
    return edges.producers();
  }

  /** Calls {@code action} with the number of each artifact the run used (or produced). */
  void forEachArtifact(int run, boolean used, java.util.function.IntConsumer action) {
    int[] direction = artifacts.columns().ids("direction");
    int[] digest = artifacts.columns().ids("digest");
    for (int p = artifacts.from(run); p < artifacts.to(run); p++) {
      int row = artifacts.row(p);
      if ((direction[row] == edges.usedId()) == used) {
        action.accept(digest[row]);
      }
    }
  }

  /** Every {@code (run, step name)} of a step execution, and separately every hit with the run it was served from. */
  void forEachStep(java.util.function.ObjIntConsumer<String> step, java.util.function.ObjIntConsumer<String> hitOf) {
    TableColumns runs = columns.runs();
    int[] names = runs.ids("step_name");
    String[] nameDictionary = runs.dictionary("step_name");
    int hit = Arrays.asList(runs.dictionary("step_outcome")).indexOf("HIT");
    int[] outcomes = runs.ids("step_outcome");
    for (int run = 0; run < size(); run++) {
      if (names[run] >= 0) {
        step.accept(nameDictionary[names[run]], run);
        if (outcomes[run] == hit && hit >= 0) {
          hitOf.accept(runs.string("step_entry_run", run), run);
        }
      }
    }
  }

  /** The run's record, built from the columns the first time it is asked for. */
  RunRecord record(int run) {
    return records.record(run);
  }
}
