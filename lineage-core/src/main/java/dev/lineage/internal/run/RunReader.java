package dev.lineage.internal.run;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lineage.CorruptObjectException;
import dev.lineage.LineageException;
import dev.lineage.MetricPoint;
import dev.lineage.NotFoundException;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.internal.metrics.SegmentReader;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.RunEndDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.store.Store;
import dev.lineage.spi.ObjectInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Reads runs back from the store, merging every writer's journal and metric segments. */
public final class RunReader {
  private static final Comparator<MetricPoint> SERIES_ORDER =
      Comparator.comparingLong(MetricPoint::step).thenComparingLong(MetricPoint::timestampMillis);

  private final Store store;
  private final Clock clock;
  private final Duration defaultLease;
  /** Finished runs never change, so a cached one is never stale. */
  private final Cache<RunId, RunRecord> finished = Caffeine.newBuilder().executor(Runnable::run).maximumSize(10_000).build();

  public RunReader(Store store, Clock clock, Duration defaultLease) {
    this.store = store;
    this.clock = clock;
    this.defaultLease = defaultLease;
  }

  /**
   * The run as stored now. Throws {@link NotFoundException} if there is no such run, and a
   * {@link CorruptObjectException} naming the object if one of its objects is damaged.
   */
  public RunRecord read(RunId id) {
    RunRecord cached = finished.getIfPresent(id);
    if (cached != null) {
      return cached;
    }
    RunRecord run = readFromStore(id);
    if (run.status().isFinished()) {
      finished.put(id, run);
    }
    return run;
  }

  private RunRecord readFromStore(RunId id) {
    Documents.Decoded<RunStartDoc> start = store.runs().start(id)
        .orElseThrow(() -> new NotFoundException("no run " + id + " in " + store.uri()));
    Optional<Documents.Decoded<RunEndDoc>> end = store.runs().end(id);
    List<Documents.Decoded<JournalDoc>> journals = store.runs().journals(id);
    store.runs().checkRecords(start, end, journals);
    try {
      return RunFold.fold(start, end.map(Documents.Decoded::doc), journals, clock.millis(), defaultLease);
    } catch (LineageException e) {
      throw new CorruptObjectException(Keys.runData(id), "its records do not fit together: " + e.getMessage(), e);
    } catch (RuntimeException e) { // a version-1 reserved tag that is not what its writer wrote
      throw new CorruptObjectException(Keys.runData(id), "its records do not fit together: " + e, e);
    }
  }

  /**
   * Every metric series of the run passing {@code keys}, each ordered by step then time. Each segment a journal
   * names must exist and match its digest; otherwise the answer is a {@link CorruptObjectException}, never a
   * shorter series.
   */
  public Map<String, List<MetricPoint>> metrics(RunId id, Predicate<String> keys) {
    if (!store.runs().exists(id)) {
      throw new NotFoundException("no run " + id + " in " + store.uri());
    }
    Map<String, String> named = new LinkedHashMap<>();
    for (Documents.Decoded<JournalDoc> j : store.runs().journals(id)) {
      for (JournalEvent e : j.doc().events()) {
        if (e instanceof JournalEvent.Segment s) {
          named.put(s.key(), s.digest());
        }
      }
    }
    List<MetricPoint> points = new ArrayList<>();
    for (ObjectInfo o : store.runs().segments(id)) {
      // A segment no journal names yet was published by a flush whose journal batch is still to come (or by a
      // version-1 writer): its points are real.
      byte[] bytes = store.runs().segment(o.key(), Optional.ofNullable(named.remove(o.key())));
      SegmentReader.read(bytes, o.key(), keys, points);
    }
    if (!named.isEmpty()) {
      String missing = named.keySet().iterator().next();
      throw new CorruptObjectException(missing, "the metric segment a journal of run " + id + " names is missing"
          + (named.size() > 1 ? " (and " + (named.size() - 1) + " more)" : ""));
    }
    Map<String, List<MetricPoint>> series = new TreeMap<>();
    for (MetricPoint p : points) {
      series.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
    }
    series.values().forEach(list -> list.sort(SERIES_ORDER));
    return series;
  }
}
