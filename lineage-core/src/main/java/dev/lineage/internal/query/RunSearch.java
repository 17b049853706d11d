package dev.lineage.internal.query;

import dev.lineage.MetricSummary;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one query path for {@code Lineage.runs} and {@code LineageGraph.search}: the conditions are evaluated over
 * the snapshot's columns ({@link SnapshotConditions}) and on the tail's records. The answer names each snapshot
 * run by number, so that a {@link RunRecord} is built (or read) only for the runs returned. Snapshot runs are
 * numbered in run id order, so newest-first needs no sort.
 */
final class RunSearch {
  private final SnapshotColumns snapshot;
  private final List<RunRecord> tail;

  RunSearch(SnapshotColumns snapshot, List<RunRecord> tail) {
    this.snapshot = snapshot;
    this.tail = tail;
  }

  /** A run in an answer: snapshot run {@code run}, or (with {@code run} -1) a record of the tail. */
  record Match(int run, RunRecord record) {}

  /** The runs matching {@code query}, in its order, at most its limit. */
  List<Match> search(RunQuery query) {
    BitSet indexed = SnapshotConditions.matching(snapshot, query.conditions());
    List<RunRecord> tailHits = new ArrayList<>();
    for (RunRecord r : tail) {
      if (query.matches(r)) {
        tailHits.add(r);
      }
    }
    if (query.order() instanceof RunQuery.NewestFirst && snapshot.idsAscending()) {
      return newestFirst(indexed, tailHits, query.limit());
    }
    return sorted(indexed, tailHits, query);
  }

  /** Merges the snapshot's matches (by number, descending) with the tail's (by id, descending). */
  private List<Match> newestFirst(BitSet indexed, List<RunRecord> tailHits, int limit) {
    tailHits.sort(Comparator.comparing(RunRecord::id).reversed());
    List<Match> out = new ArrayList<>();
    int run = indexed.previousSetBit(snapshot.size() - 1);
    int t = 0;
    while (out.size() < limit && (run >= 0 || t < tailHits.size())) {
      boolean takeTail = run < 0 || (t < tailHits.size()
          && tailHits.get(t).id().value().compareTo(snapshot.id(run)) > 0);
      if (takeTail) {
        out.add(new Match(-1, tailHits.get(t++)));
      } else {
        out.add(new Match(run, null));
        run = run == 0 ? -1 : indexed.previousSetBit(run - 1);
      }
    }
    return out;
  }

  /** A matching run: a snapshot row ({@code run >= 0}) or a tail record, with what the order sorts by. */
  private record Hit(String id, int run, RunRecord record, double sortValue) {}

  private List<Match> sorted(BitSet indexed, List<RunRecord> tailHits, RunQuery query) {
    RunQuery.Order order = query.order();
    boolean descending = true;
    List<Hit> hits = new ArrayList<>();
    for (int run = indexed.nextSetBit(0); run >= 0; run = indexed.nextSetBit(run + 1)) {
      hits.add(new Hit(snapshot.id(run), run, null, snapshotValue(order, run)));
    }
    for (RunRecord r : tailHits) {
      hits.add(new Hit(r.id().value(), -1, r, recordValue(order, r)));
    }
    if (order instanceof RunQuery.ByFinalMetric m) {
      descending = m.descending();
    }
    Comparator<Hit> newestFirst = Comparator.comparing(Hit::id).reversed();
    Comparator<Hit> comparator = order instanceof RunQuery.NewestFirst ? newestFirst
        : (descending ? Comparator.comparingDouble(Hit::sortValue).reversed()
            : Comparator.comparingDouble(Hit::sortValue)).thenComparing(newestFirst);
    return hits.stream().sorted(comparator).limit(query.limit())
        .map(h -> new Match(h.run(), h.record())).toList();
  }

  private double snapshotValue(RunQuery.Order order, int run) {
    if (order instanceof RunQuery.ByFinalMetric m) {
      return RunQuery.sortValue(SnapshotConditions.finalMetric(snapshot, m.key(), run), m.descending());
    }
    if (order instanceof RunQuery.ByGpuHoursIdle) {
      return SnapshotConditions.gpuHours(snapshot, "gpu_hours_idle", run);
    }
    return 0;
  }

  private static double recordValue(RunQuery.Order order, RunRecord r) {
    if (order instanceof RunQuery.ByFinalMetric m) {
      return RunQuery.sortValue(Optional.ofNullable(r.metrics().get(m.key())).map(MetricSummary::lastValue),
          m.descending());
    }
    if (order instanceof RunQuery.ByGpuHoursIdle) {
      return r.gpuHoursIdle();
    }
    return 0;
  }
}
