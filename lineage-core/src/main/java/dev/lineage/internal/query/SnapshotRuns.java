package dev.lineage.internal.query;

import dev.lineage.Artifact;
import dev.lineage.CorruptObjectException;
import dev.lineage.RunRecord;
import dev.lineage.internal.Tasks;
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

  private final TableColumns runs;
  private final Rows params;
  private final Rows tags;
  private final Rows metrics;
  private final Rows gpus;
  private final Rows artifacts;
  private final Edges edges;
  private final Map<String, Integer> index;
  private final SnapshotRecords records;
  private final boolean idsAscending;

  /** One table's rows grouped by run: run {@code i}'s rows are {@code row(from(i)) .. row(to(i) - 1)}. */
  record Rows(TableColumns columns, Adjacency byRun) {
    int from(int run) {
      return byRun.from(run);
    }

    int to(int run) {
      return byRun.to(run);
    }

    int row(int position) {
      return byRun.target(position);
    }
  }

  /** The edges table as a graph: artifacts (the digest column's dictionary ids) and the runs on either side. */
  private record Edges(Rows rows, Map<String, Integer> artifactIndex, int usedId, int[] firstRow,
      Adjacency consumers, Adjacency producers) {}

  private SnapshotRuns(TableColumns runs, Map<String, Integer> index, Rows params, Rows tags, Edges edges,
      Rows metrics, Rows gpus) {
    this.runs = runs;
    this.index = index;
    this.params = params;
    this.tags = tags;
    this.metrics = metrics;
    this.gpus = gpus;
    this.edges = edges;
    this.artifacts = edges.rows();
    this.records = new SnapshotRecords(runs, params, tags, artifacts, metrics, gpus, edges.usedId(),
        edges.firstRow());
    boolean ascending = true;
    for (int r = 1; r < runs.rows() && ascending; r++) {
      ascending = runs.string("run_id", r - 1).compareTo(runs.string("run_id", r)) < 0;
    }
    this.idsAscending = ascending;
  }

  /** True if run numbers follow run id order (as every snapshot Lineage writes does). */
  boolean idsAscending() {
    return idsAscending;
  }

  /** No snapshot: a store whose runs are all in the tail. */
  static final SnapshotRuns EMPTY = empty();

  private static SnapshotRuns empty() {
    Map<String, Integer> index = Map.of();
    Rows artifacts = group(TableColumns.empty(RunTables.ARTIFACTS), index, "no snapshot");
    return new SnapshotRuns(TableColumns.empty(RunTables.RUNS), index,
        group(TableColumns.empty(RunTables.PARAMS), index, "no snapshot"),
        group(TableColumns.empty(RunTables.TAGS), index, "no snapshot"), edges(artifacts),
        group(TableColumns.empty(RunTables.METRICS), index, "no snapshot"),
        group(TableColumns.empty(RunTables.GPUS), index, "no snapshot"));
  }

  /**
   * Decodes a snapshot from its six tables' bytes, by table name, the artifacts table on {@code executor};
   * {@code keys} names each table's object, for error messages.
   */
  static SnapshotRuns read(Map<String, byte[]> tables, Map<String, String> keys, Executor executor) {
    FutureTask<TableColumns> artifacts = Tasks.start(executor,
        () -> TableColumns.read(tables.get("artifacts"), keys.get("artifacts"), RunTables.ARTIFACTS));
    String runsKey = keys.get("runs");
    TableColumns runs = TableColumns.read(tables.get("runs"), runsKey, RunTables.RUNS);
    String[] ids = runs.dictionary("run_id");
    int[] idOfRow = runs.ids("run_id");
    Map<String, Integer> index = new HashMap<>(runs.rows() * 2);
    for (int r = 0; r < runs.rows(); r++) {
      if (index.put(ids[idOfRow[r]], r) != null) {
        throw new CorruptObjectException(runsKey, "lists run " + ids[idOfRow[r]] + " twice");
      }
    }
    Rows params = group(read(tables, keys, RunTables.PARAMS), index, keys.get("params"));
    Rows tags = group(read(tables, keys, RunTables.TAGS), index, keys.get("tags"));
    Rows metrics = group(read(tables, keys, RunTables.METRICS), index, keys.get("metrics"));
    Rows gpus = group(read(tables, keys, RunTables.GPUS), index, keys.get("gpus"));
    Edges edges = edges(group(Tasks.join(artifacts, "reading an index snapshot"), index, keys.get("artifacts")));
    return new SnapshotRuns(runs, index, params, tags, edges, metrics, gpus);
  }

  private static TableColumns read(Map<String, byte[]> tables, Map<String, String> keys, Table table) {
    return TableColumns.read(tables.get(table.name()), keys.get(table.name()), table);
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

  /** Groups a table's rows by the run they belong to (stable, so each run's rows keep their order). */
  private static Rows group(TableColumns table, Map<String, Integer> index, String name) {
    String[] ids = table.dictionary("run_id");
    int[] runOfId = new int[ids.length];
    for (int id = 0; id < ids.length; id++) {
      Integer run = index.get(ids[id]);
      if (run == null) {
        throw new CorruptObjectException(name, "has rows for run " + ids[id] + ", which its runs table lacks");
      }
      runOfId[id] = run;
    }
    int[] idOfRow = table.ids("run_id");
    int[] runOfRow = new int[table.rows()];
    int[] rowNumbers = new int[table.rows()];
    for (int r = 0; r < table.rows(); r++) {
      runOfRow[r] = runOfId[idOfRow[r]];
      rowNumbers[r] = r;
    }
    return new Rows(table, Adjacency.of(index.size(), runOfRow, rowNumbers, table.rows()));
  }

  int size() {
    return runs.rows();
  }

  /** The run's index, or -1. */
  int indexOf(String runId) {
    Integer i = index.get(runId);
    return i == null ? -1 : i;
  }

  String id(int run) {
    return runs.string("run_id", run);
  }

  String parent(int run) {
    return runs.string("parent_id", run);
  }

  /** The runs that name a parent. */
  void forEachChild(java.util.function.ObjIntConsumer<String> action) {
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

  TableColumns runColumns() {
    return runs;
  }

  Rows params() {
    return params;
  }

  Rows tags() {
    return tags;
  }

  Rows metrics() {
    return metrics;
  }

  /** A param row's value, one object per distinct value. */
  dev.lineage.ParamValue paramValue(int row) {
    return records.paramValue(row);
  }

  /** The run's record, built from the columns the first time it is asked for. */
  RunRecord record(int run) {
    return records.record(run);
  }
}
