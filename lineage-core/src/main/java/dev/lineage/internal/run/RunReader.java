package dev.lineage.internal.run;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import dev.lineage.MetricPoint;
import dev.lineage.MetricSummary;
import dev.lineage.NotFoundException;
import dev.lineage.ParamType;
import dev.lineage.ParamValue;
import dev.lineage.RunFilter;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.StorageException;
import dev.lineage.internal.Json;
import dev.lineage.internal.metrics.SegmentReader;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.StorageBackend;
import java.time.Instant;
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

  private final StorageBackend backend;
  /** Finished runs never change, so a cached one is never stale. */
  private final com.github.benmanes.caffeine.cache.Cache<RunId, RunRecord> finished =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();

  public RunReader(StorageBackend backend) {
    this.backend = backend;
  }

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
    Records.RunStart start = backend.get(StoreLayout.runStart(id))
        .map(in -> Json.read(in, Records.RunStart.class, "run start of " + id))
        .orElseThrow(() -> new NotFoundException("no run " + id + " in " + backend.uri()));
    checkVersion(start.format(), Records.RUN_START_FORMAT, start.version(), id);
    Optional<Records.RunEnd> end = backend.get(StoreLayout.runEnd(id))
        .map(in -> Json.read(in, Records.RunEnd.class, "run end of " + id));
    end.ifPresent(e -> checkVersion(e.format(), Records.RUN_END_FORMAT, e.version(), id));

    List<Records.Event> events = new ArrayList<>();
    Map<String, Records.Event> latestMetric = new LinkedHashMap<>(); // per writer and key: summaries are cumulative
    for (ObjectInfo object : backend.listAll(StoreLayout.journalPrefix(id))) {
      Records.Journal journal = Json.read(PutOnce.read(backend, object.key()), Records.Journal.class, object.key());
      checkVersion(journal.format(), Records.JOURNAL_FORMAT, journal.version(), id);
      for (Records.Event e : journal.events()) {
        if ("metric".equals(e.type())) {
          latestMetric.put(journal.writer() + "\u0000" + e.key(), e);
        } else {
          events.add(e);
        }
      }
    }
    // Listing orders by writer then sequence; a stable sort by time interleaves writers, keeping each one's order.
    events.sort(Comparator.comparingLong(Records.Event::at));

    Map<String, ParamValue> params = new LinkedHashMap<>();
    Map<String, String> tags = new TreeMap<>();
    List<Artifact> inputs = new ArrayList<>();
    List<Artifact> outputs = new ArrayList<>();
    for (Records.Event e : events) {
      switch (e.type()) {
        case "param":
          params.putIfAbsent(e.key(), new ParamValue(ParamType.valueOf(e.valueType()), e.value()));
          break;
        case "tag":
          tags.put(e.key(), e.value());
          break;
        case "artifact":
          Artifact a = new Artifact(Digest.parse(e.digest()), ArtifactKind.valueOf(e.kind()), e.size(),
              Optional.ofNullable(e.name()));
          ("USED".equals(e.direction()) ? inputs : outputs).add(a);
          break;
        default:
          // Unknown event types come from a newer minor version; readers of this version skip them.
          break;
      }
    }
    return new RunRecord(id, start.name(), Optional.ofNullable(start.parent()).map(RunId::of),
        end.map(e -> RunStatus.valueOf(e.status())).orElse(RunStatus.RUNNING),
        Instant.ofEpochMilli(start.startedAt()), end.map(e -> Instant.ofEpochMilli(e.endedAt())),
        params, tags, inputs, outputs, fingerprint(start.fingerprint()), mergeMetrics(latestMetric.values()));
  }

  /** Merges writers' summaries: counts add up, the final value is at the highest step (then latest time). */
  private static Map<String, MetricSummary> mergeMetrics(java.util.Collection<Records.Event> summaries) {
    Map<String, MetricSummary> merged = new TreeMap<>();
    Map<String, Long> lastAt = new java.util.HashMap<>();
    for (Records.Event e : summaries) {
      MetricSummary s = new MetricSummary(e.key(), e.count(), e.step(), Double.parseDouble(e.value()),
          Double.parseDouble(e.min()), Double.parseDouble(e.max()));
      MetricSummary prev = merged.get(e.key());
      if (prev == null) {
        merged.put(e.key(), s);
        lastAt.put(e.key(), e.at());
        continue;
      }
      boolean later = s.lastStep() > prev.lastStep() || (s.lastStep() == prev.lastStep() && e.at() >= lastAt.get(e.key()));
      merged.put(e.key(), new MetricSummary(e.key(), prev.count() + s.count(),
          later ? s.lastStep() : prev.lastStep(), later ? s.lastValue() : prev.lastValue(),
          minIgnoringNaN(prev.min(), s.min()), maxIgnoringNaN(prev.max(), s.max())));
      if (later) {
        lastAt.put(e.key(), e.at());
      }
    }
    return merged;
  }

  private static double minIgnoringNaN(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
  }

  private static double maxIgnoringNaN(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }

  /** Run ids in the store, newest first. */
  public List<RunId> runIds() {
    List<RunId> ids = new ArrayList<>();
    for (ObjectInfo object : backend.listAll(StoreLayout.RUNS)) {
      RunId id = StoreLayout.runIdOfStart(object.key());
      if (id != null) {
        ids.add(id);
      }
    }
    ids.sort(Comparator.reverseOrder());
    return ids;
  }

  public List<RunRecord> runs(RunFilter filter) {
    List<RunRecord> out = new ArrayList<>();
    for (RunId id : runIds()) {
      if (out.size() >= filter.limit()) {
        break;
      }
      RunRecord run = read(id);
      if (filter.matches(run)) {
        out.add(run);
      }
    }
    return out;
  }

  public Map<String, List<MetricPoint>> metrics(RunId id, Predicate<String> keys) {
    if (backend.stat(StoreLayout.runStart(id)).isEmpty()) {
      throw new NotFoundException("no run " + id + " in " + backend.uri());
    }
    List<MetricPoint> points = new ArrayList<>();
    for (ObjectInfo object : backend.listAll(StoreLayout.metricsPrefix(id))) {
      SegmentReader.read(PutOnce.read(backend, object.key()), object.key(), keys, points);
    }
    Map<String, List<MetricPoint>> series = new TreeMap<>();
    for (MetricPoint p : points) {
      series.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
    }
    series.values().forEach(list -> list.sort(SERIES_ORDER));
    return series;
  }

  private static Fingerprint fingerprint(Records.FingerprintDoc f) {
    return new Fingerprint(Optional.ofNullable(f.gitCommit()), GitState.valueOf(f.gitState()), f.jvmVendor(),
        f.jvmVersion(), f.os(), f.host(), f.user(), Optional.ofNullable(f.mainClass()), f.classpathDigest(),
        f.environment() == null ? Map.of() : f.environment());
  }

  private static void checkVersion(String format, String expected, int version, RunId id) {
    if (!expected.equals(format) || version != StoreLayout.FORMAT_VERSION) {
      throw new StorageException("run " + id + " has a record of format " + format + " version " + version
          + "; this reader understands " + expected + " version " + StoreLayout.FORMAT_VERSION);
    }
  }
}
