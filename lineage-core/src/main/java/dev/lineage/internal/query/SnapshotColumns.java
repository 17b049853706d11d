package dev.lineage.internal.query;

import dev.lineage.CorruptObjectException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a search reads of a snapshot: the runs table, a run per row in run id order, and the params, tags and
 * metrics tables grouped by run. The whole snapshot ({@link SnapshotRuns}) holds every column of them; a search
 * that needs a few columns decodes those alone ({@link #of} the tables it read), and a table it does not read is
 * absent, asking for it a bug. Immutable once read.
 */
final class SnapshotColumns {
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

  private final TableColumns runs;
  private final Map<String, Integer> index;
  private final Rows params;
  private final Rows tags;
  private final Rows metrics;
  private final boolean idsAscending;

  private SnapshotColumns(TableColumns runs, boolean idsAscending, Map<String, Integer> index, Rows params,
      Rows tags, Rows metrics) {
    this.runs = runs;
    this.idsAscending = idsAscending;
    this.index = index;
    this.params = params;
    this.tags = tags;
    this.metrics = metrics;
  }

  /** No snapshot: a store whose runs are all in the tail. */
  static final SnapshotColumns EMPTY = read(Map.of(), Map.of());

  /**
   * Decodes every column of the runs table and, grouped by run, of the params, tags and metrics tables from their
   * bytes by table name ({@code keys} names each table's object, for error messages). A table with no bytes is
   * read as empty (no snapshot).
   */
  static SnapshotColumns read(Map<String, byte[]> tables, Map<String, String> keys) {
    Map<String, TableColumns> decoded = new HashMap<>();
    for (Table table : List.of(RunTables.RUNS, RunTables.PARAMS, RunTables.TAGS, RunTables.METRICS)) {
      byte[] bytes = tables.get(table.name());
      decoded.put(table.name(), bytes == null ? TableColumns.empty(table)
          : TableColumns.read(bytes, keys.get(table.name()), table));
    }
    return of(decoded, keys);
  }

  /**
   * From decoded tables by name: the runs table, and whichever of the params, tags and metrics tables a search
   * reads ({@code keys} names each table's object, for error messages).
   */
  static SnapshotColumns of(Map<String, TableColumns> decoded, Map<String, String> keys) {
    TableColumns runs = decoded.get(RunTables.RUNS.name());
    boolean ascending = runs.distinctAscending("run_id");
    for (int r = 1; r < runs.rows() && !ascending; r++) {
      ascending = runs.string("run_id", r - 1).compareTo(runs.string("run_id", r)) < 0;
    }
    // Runs in ascending id order (every snapshot Lineage writes) are found by search, without a map of them all.
    Map<String, Integer> index = null;
    if (!ascending) {
      String[] ids = runs.dictionary("run_id");
      int[] idOfRow = runs.ids("run_id");
      index = new HashMap<>(runs.rows() * 2);
      for (int r = 0; r < runs.rows(); r++) {
        if (index.put(ids[idOfRow[r]], r) != null) {
          throw new CorruptObjectException(keys.get("runs"), "lists run " + ids[idOfRow[r]] + " twice");
        }
      }
    }
    SnapshotColumns ungrouped = new SnapshotColumns(runs, ascending, index, null, null, null);
    return new SnapshotColumns(runs, ascending, index, ungrouped.grouped(decoded, keys, RunTables.PARAMS),
        ungrouped.grouped(decoded, keys, RunTables.TAGS), ungrouped.grouped(decoded, keys, RunTables.METRICS));
  }

  /** The table's rows grouped by run; null if it was not read. */
  private Rows grouped(Map<String, TableColumns> decoded, Map<String, String> keys, Table table) {
    TableColumns columns = decoded.get(table.name());
    return columns == null ? null : group(columns, keys.get(table.name()));
  }

  /** Groups a table's rows by the run they belong to (stable, so each run's rows keep their order). */
  Rows group(TableColumns table, String name) {
    String[] ids = table.dictionary("run_id");
    int[] runOfId = new int[ids.length];
    int next = 0; // a table's run ids come in run order: each is found by walking on from the one before
    for (int id = 0; id < ids.length; id++) {
      int run = next < size() && ids[id].equals(id(next)) ? next : indexOf(ids[id]);
      next = run + 1;
      if (run < 0) {
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
    return new Rows(table, Adjacency.of(size(), runOfRow, rowNumbers, table.rows()));
  }

  int size() {
    return runs.rows();
  }

  /** True if run numbers follow run id order (as every snapshot Lineage writes does). */
  boolean idsAscending() {
    return idsAscending;
  }

  /** The run's number, or -1. */
  int indexOf(String runId) {
    if (index != null) {
      Integer i = index.get(runId);
      return i == null ? -1 : i;
    }
    int low = 0;
    int high = size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = id(mid).compareTo(runId);
      if (c == 0) {
        return mid;
      }
      if (c < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return -1;
  }

  String id(int run) {
    return runs.string("run_id", run);
  }

  TableColumns runs() {
    return runs;
  }

  Rows params() {
    return read(params, "params");
  }

  Rows tags() {
    return read(tags, "tags");
  }

  Rows metrics() {
    return read(metrics, "metrics");
  }

  private static Rows read(Rows rows, String table) {
    if (rows == null) {
      throw new IllegalStateException("the " + table + " table was not read");
    }
    return rows;
  }
}
