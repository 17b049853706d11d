package dev.lineage.internal.run;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import dev.lineage.GpuSummary;
import dev.lineage.InputWait;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.store.BlobObjects;
import dev.lineage.internal.store.Direction;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.FingerprintDoc;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.RunEndDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.step.StepExecution;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Folds a run's start, journals and end into a {@link RunRecord}: the merge rules of docs/storage-format.md. */
public final class RunFold {
  private RunFold() {}

  static RunRecord fold(Documents.Decoded<RunStartDoc> start, Optional<RunEndDoc> end,
      List<Documents.Decoded<JournalDoc>> journals, long now, Duration defaultLease) {
    RunStartDoc s = start.doc();
    List<JournalEvent> events = new ArrayList<>();
    Map<String, JournalEvent.Metric> latestMetric = new LinkedHashMap<>(); // per writer and key: cumulative
    Map<String, JournalEvent.InputWait> latestWait = new HashMap<>(); // per writer: cumulative
    long lastActivity = s.startedAt();
    boolean legacy = start.version() == 1;
    Map<String, Long> attachedLastSeen = new TreeMap<>(); // attached writers not (yet) closed: when last heard
    for (Documents.Decoded<JournalDoc> j : journals) {
      legacy |= j.version() == 1;
      String writer = j.doc().writer();
      long seen = j.doc().sealedAt() != null ? j.doc().sealedAt() : 0;
      for (JournalEvent e : j.doc().events()) {
        seen = Math.max(seen, e.at());
      }
      long batchSeen = seen;
      lastActivity = Math.max(lastActivity, batchSeen);
      attachedLastSeen.computeIfPresent(writer, (w, before) -> before == CLOSED ? CLOSED : Math.max(before, batchSeen));
      for (JournalEvent e : j.doc().events()) {
        if (e instanceof JournalEvent.Attached) {
          attachedLastSeen.merge(writer, batchSeen, Math::max);
        } else if (e instanceof JournalEvent.Closed) {
          attachedLastSeen.put(writer, CLOSED);
        } else if (e instanceof JournalEvent.Metric m) {
          latestMetric.put(j.doc().writer() + "\u0000" + m.key(), m);
        } else if (e instanceof JournalEvent.InputWait w) {
          latestWait.put(j.doc().writer(), w);
        } else {
          events.add(e);
        }
      }
    }
    // Listing orders by writer then sequence; a stable sort by time interleaves writers, keeping each one's order.
    events.sort(Comparator.comparingLong(JournalEvent::at));

    Map<String, ParamValue> params = new LinkedHashMap<>();
    Map<String, String> tags = new TreeMap<>();
    List<Artifact> inputs = new ArrayList<>();
    List<Artifact> outputs = new ArrayList<>();
    Optional<StepExecution> step = Optional.empty();
    List<GpuSummary> gpus = List.of();
    Optional<Artifact> classpath = Optional.empty();
    LinkedHashSet<String> errors = new LinkedHashSet<>();
    for (JournalEvent e : events) {
      if (e instanceof JournalEvent.Param p) {
        params.putIfAbsent(p.key(), new ParamValue(p.valueType(), p.value()));
      } else if (e instanceof JournalEvent.Tag t) {
        tags.put(t.key(), t.value());
      } else if (e instanceof JournalEvent.ArtifactEdge a) {
        (a.direction() == Direction.USED ? inputs : outputs).add(new Artifact(Digest.parse(a.digest()), a.kind(),
            a.size(), Optional.ofNullable(a.name()), Optional.ofNullable(a.location()).map(URI::create)));
      } else if (e instanceof JournalEvent.Step x) {
        step = Optional.of(new StepExecution(x.step(), new Digest(x.key()), x.outcome(),
            Optional.ofNullable(x.entryRun()).map(RunId::of), Optional.ofNullable(x.outputsMatchEntry())));
      } else if (e instanceof JournalEvent.Gpus g) {
        gpus = g.gpus().stream().map(u -> new GpuSummary(u.index(), u.uuid(), u.utilMean(), u.utilP50(),
            u.utilMax(), u.hoursHeld(), u.hoursIdle())).toList();
      } else if (e instanceof JournalEvent.Incomplete i) {
        errors.add(i.reason());
      } else if (e instanceof JournalEvent.Code c) {
        classpath = Optional.of(new Artifact(Digest.parse(c.classpath()), ArtifactKind.FILE, c.size(),
            Optional.of(BlobObjects.CLASSPATH_NAME)));
      }
    }
    if (legacy) {
      step = step.or(() -> LegacyFacts.step(tags));
      if (gpus.isEmpty()) {
        gpus = LegacyFacts.gpus(tags);
      }
      tags.keySet().removeIf(k -> k.startsWith(LegacyFacts.PREFIX));
    }
    long lease = s.leaseMillis() != null ? s.leaseMillis() : defaultLease.toMillis();
    boolean writerStillOpen = false;
    for (Map.Entry<String, Long> w : attachedLastSeen.entrySet()) {
      if (w.getValue() == CLOSED) {
        continue;
      }
      if (now - w.getValue() <= lease) {
        writerStillOpen = true;
      } else {
        errors.add("writer " + w.getKey() + " attached to the run and never closed; it was last heard from at "
            + Instant.ofEpochMilli(w.getValue()) + ", so whatever it logged after that is lost (its process died?)");
      }
    }
    Status settled = status(end, writerStillOpen, errors, now - lastActivity > lease, lastActivity);
    return new RunRecord(RunId.of(s.runId()), s.name(), Optional.ofNullable(s.parent()).map(RunId::of),
        settled.status(), Instant.ofEpochMilli(s.startedAt()),
        end.filter(e -> settled.status().isFinished()).map(e -> Instant.ofEpochMilli(e.endedAt())),
        settled.failure(), params, tags, inputs, outputs, fingerprint(s.fingerprint(), classpath),
        mergeMetrics(latestMetric.values()), step, gpus, inputWait(latestWait.values()), List.copyOf(errors),
        Optional.ofNullable(s.reproduces()).map(RunId::of));
  }

  /** Marks a writer whose {@link JournalEvent.Closed} was read. */
  private static final long CLOSED = Long.MIN_VALUE;

  private record Status(RunStatus status, Optional<String> failure) {}

  /**
   * The status rule for many writers (docs/storage-format.md): the end record says what the run's owner decided;
   * the run is still RUNNING while an attached writer is open and alive, and a run that said SUCCEEDED is
   * INCOMPLETE once any writer recorded a loss or died open, whichever order the writers ended in.
   */
  private static Status status(Optional<RunEndDoc> end, boolean writerStillOpen, LinkedHashSet<String> errors,
      boolean silentPastLease, long lastActivity) {
    if (end.isEmpty() && silentPastLease && !writerStillOpen) {
      return new Status(RunStatus.ABANDONED, Optional.of("no writer of the run was heard from after "
          + Instant.ofEpochMilli(lastActivity) + ", longer ago than its lease, and it never ended: whatever it "
          + "logged after that is lost (its process died?)"));
    }
    if (end.isEmpty()) {
      return new Status(RunStatus.RUNNING, Optional.empty());
    }
    if (writerStillOpen) {
      return new Status(RunStatus.RUNNING, Optional.empty());
    }
    RunEndDoc e = end.get();
    if (e.status() == RunStatus.SUCCEEDED && !errors.isEmpty()) {
      return new Status(RunStatus.INCOMPLETE, Optional.of(incomplete(List.copyOf(errors))));
    }
    return new Status(e.status(), Optional.ofNullable(e.failure()));
  }

  /** The failure text of a run that said it succeeded but whose records are incomplete. */
  public static String incomplete(List<String> errors) {
    return "the run's records are incomplete: " + errors.get(0)
        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
  }

  /** The writers' totals summed; none if no writer reported any. */
  private static Optional<InputWait> inputWait(Collection<JournalEvent.InputWait> totals) {
    if (totals.isEmpty()) {
      return Optional.empty();
    }
    long intervals = 0;
    long waited = 0;
    long computed = 0;
    for (JournalEvent.InputWait w : totals) {
      intervals += w.intervals();
      waited += w.waitedNanos();
      computed += w.computedNanos();
    }
    return Optional.of(new InputWait(intervals, Duration.ofNanos(waited), Duration.ofNanos(computed)));
  }

  /** Merges writers' summaries: counts add up, the final value is at the highest step (then latest time). */
  private static Map<String, MetricSummary> mergeMetrics(Collection<JournalEvent.Metric> summaries) {
    Map<String, MetricSummary> merged = new TreeMap<>();
    Map<String, Long> lastAt = new HashMap<>();
    for (JournalEvent.Metric e : summaries) {
      MetricSummary s = new MetricSummary(e.key(), e.count(), e.step(), Double.parseDouble(e.value()),
          Double.parseDouble(e.min()), Double.parseDouble(e.max()));
      MetricSummary prev = merged.get(e.key());
      if (prev == null) {
        merged.put(e.key(), s);
        lastAt.put(e.key(), e.at());
        continue;
      }
      boolean later = s.lastStep() > prev.lastStep()
          || (s.lastStep() == prev.lastStep() && e.at() >= lastAt.get(e.key()));
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

  static Fingerprint fingerprint(FingerprintDoc f, Optional<Artifact> classpath) {
    return new Fingerprint(Optional.ofNullable(f.gitCommit()), GitState.valueOf(f.gitState()), f.jvmVendor(),
        f.jvmVersion(), f.os(), f.host(), f.user(), Optional.ofNullable(f.mainClass()), f.classpathDigest(),
        f.environment(), f.frameworks(), f.commandOrEmpty(), f.sourceOrEmpty(), classpath);
  }
}
