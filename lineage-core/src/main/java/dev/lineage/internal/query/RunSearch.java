package dev.lineage.internal.query;

import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The one query path for {@code Lineage.runs} and {@code LineageGraph.search}: each condition is compiled against
 * the snapshot's columns (dictionary ids, arrays) and tested on the tail's records, and a {@link RunRecord} is
 * built only for the runs returned.
 */
final class RunSearch {
  private final SnapshotRuns snapshot;
  private final List<RunRecord> tail;

  RunSearch(SnapshotRuns snapshot, List<RunRecord> tail) {
    this.snapshot = snapshot;
    this.tail = tail;
  }

  /** A matching run: a snapshot row ({@code run >= 0}) or a tail record, with what the order sorts by. */
  private record Hit(String id, int run, RunRecord record, double sortValue) {}

  List<RunRecord> search(RunQuery query) {
    IntPredicate indexed = SnapshotConditions.compile(snapshot, query.conditions());
    List<Hit> hits = new ArrayList<>();
    SortKey key = SortKey.of(query.order(), snapshot);
    for (int run = 0; run < snapshot.size(); run++) {
      if (indexed.test(run)) {
        hits.add(new Hit(snapshot.id(run), run, null, key.snapshotValue(run)));
      }
    }
    for (RunRecord r : tail) {
      if (query.matches(r)) {
        hits.add(new Hit(r.id().value(), -1, r, key.recordValue(r)));
      }
    }
    Comparator<Hit> newestFirst = Comparator.comparing(Hit::id).reversed();
    Comparator<Hit> order = key == SortKey.NONE ? newestFirst
        : (key.descending ? Comparator.comparingDouble(Hit::sortValue).reversed()
            : Comparator.comparingDouble(Hit::sortValue)).thenComparing(newestFirst);
    return hits.stream().sorted(order).limit(query.limit())
        .map(h -> h.record() != null ? h.record() : snapshot.record(h.run())).toList();
  }

  /** What an order sorts by, from columns or from a record. */
  private static final class SortKey {
    static final SortKey NONE = new SortKey(null, null, false);
    private final java.util.function.IntToDoubleFunction snapshotValue;
    private final java.util.function.ToDoubleFunction<RunRecord> recordValue;
    final boolean descending;

    private SortKey(java.util.function.IntToDoubleFunction snapshotValue,
        java.util.function.ToDoubleFunction<RunRecord> recordValue, boolean descending) {
      this.snapshotValue = snapshotValue;
      this.recordValue = recordValue;
      this.descending = descending;
    }

    static SortKey of(RunQuery.Order order, SnapshotRuns snapshot) {
      if (order instanceof RunQuery.ByFinalMetric m) {
        return new SortKey(run -> RunQuery.sortValue(SnapshotConditions.finalMetric(snapshot, m.key(), run),
            m.descending()), r -> RunQuery.sortValue(Optional.ofNullable(r.metrics().get(m.key()))
            .map(dev.lineage.MetricSummary::lastValue), m.descending()), m.descending());
      }
      if (order instanceof RunQuery.ByGpuHoursIdle) {
        return new SortKey(run -> SnapshotConditions.gpuHours(snapshot, "gpu_hours_idle", run),
            RunRecord::gpuHoursIdle, true);
      }
      return NONE;
    }

    double snapshotValue(int run) {
      return snapshotValue == null ? 0 : snapshotValue.applyAsDouble(run);
    }

    double recordValue(RunRecord r) {
      return recordValue == null ? 0 : recordValue.applyAsDouble(r);
    }
  }
}
