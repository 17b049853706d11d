package dev.lineage.internal.maintenance;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import dev.lineage.SourceState;
import dev.lineage.StorageException;
import dev.lineage.internal.hash.DirectoryManifest;
import dev.lineage.internal.store.Format;
import dev.lineage.internal.store.IndexManifestDoc;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.LockDoc;
import dev.lineage.internal.store.Locks;
import dev.lineage.internal.store.ModelVersionDoc;
import dev.lineage.internal.store.ObjectScan;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.store.StepEntryDoc;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.maintenance.GcReport;
import dev.lineage.maintenance.Progress;
import dev.lineage.spi.ObjectInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Garbage collection by reachability from runs, the registry, step entries and the index
 * (docs/storage-format.md, "Garbage collection"). The protocol that keeps it safe beside live writers:
 *
 * <ol>
 *   <li>A deleting collection first puts a maintenance lock; writers look for one before they first rely on
 *       content already stored, and wait while it is live.
 *   <li>Only then does it list the runs. Any run still open (no end record, a writer heard from within its lease)
 *       started before that listing, so it may reference any blob: no blob is deleted.
 *   <li>References are read from the runs' own journals, never the index; if any run, entry or manifest cannot
 *       be read, no blob is deleted.
 *   <li>Nothing younger than the grace period is deleted, and deletion stops before the lock expires.
 * </ol>
 */
final class GarbageCollector {
  private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());
  static final Duration LOCK_DURATION = Duration.ofMinutes(15);
  private static final Duration LOCK_MARGIN = Duration.ofMinutes(1);

  private final ObjectScan scan;
  private final Locks locks;
  private final Clock clock;
  private final String principal;
  private final Duration defaultLease;

  GarbageCollector(ObjectScan scan, Locks locks, Clock clock, String principal, Duration defaultLease) {
    this.scan = scan;
    this.locks = locks;
    this.clock = clock;
    this.principal = principal;
    this.defaultLease = defaultLease;
  }

  GcReport collect(GcOptions options, Progress progress) {
    if (options == null) {
      throw new InvalidInputException("options", "must not be null (GcOptions.defaults() or GcOptions.deleting())");
    }
    Scan first = scan(options, progress);
    if (options.dryRun() || first.refused().isPresent() || first.blobs().isEmpty()) {
      return delete(options, first, null, progress);
    }
    // Blobs may go: only under the lock, and only as a second look taken after it shows no run open.
    LockDoc lock = locks.acquire("garbage collection", principal, LOCK_DURATION);
    try {
      return delete(options, scan(options, progress), lock, progress);
    } finally {
      locks.release(lock);
    }
  }

  /** What one look at the store found: garbage by kind, and why blobs must stay, if they must. */
  private record Scan(List<GcReport.Garbage> blobs, List<GcReport.Garbage> other, Optional<String> refused) {}

  private Scan scan(GcOptions options, Progress progress) {
    Instant now = clock.instant();
    List<ObjectInfo> objects = scan.list("");
    Map<String, ObjectInfo> byKey = new HashMap<>();
    objects.forEach(o -> byKey.put(o.key(), o));
    References references = new References();
    List<String> unreadable = new ArrayList<>();
    List<RunId> open = new ArrayList<>();
    findReferences(objects, byKey, references, unreadable, open, now, progress);
    List<GcReport.Garbage> blobs = new ArrayList<>();
    List<GcReport.Garbage> other = new ArrayList<>();
    for (ObjectInfo o : objects) {
      if (o.key().startsWith(Keys.BLOBS) && older(o, options.grace(), now)) {
        Optional<Digest> d = Keys.digestOfBlob(o.key());
        if (d.isPresent() && !references.contains(d.get())) {
          blobs.add(new GcReport.Garbage(o.key(), GcReport.Kind.UNREFERENCED_BLOB, o.size()));
        }
      } else if (o.key().startsWith(Keys.STAGING) && older(o, options.grace(), now)) {
        other.add(new GcReport.Garbage(o.key(), GcReport.Kind.STAGING, o.size()));
      } else if (o.key().startsWith(Keys.QUARANTINE) && older(o, options.quarantineRetention(), now)) {
        other.add(new GcReport.Garbage(o.key(), GcReport.Kind.QUARANTINED, o.size()));
      } else if (o.key().startsWith(Keys.DOCTOR) && older(o, options.grace(), now)) {
        other.add(new GcReport.Garbage(o.key(), GcReport.Kind.DOCTOR_PROBE, o.size()));
      }
    }
    other.addAll(indexGarbage(objects, options, now, unreadable));
    Optional<String> refused = !open.isEmpty()
        ? Optional.of(open.size() + " run(s) are open (" + open.get(0) + (open.size() > 1 ? ", ..." : "")
            + "): blobs are collected only while none is")
        : !unreadable.isEmpty() ? Optional.of("references could not all be read (" + unreadable.get(0)
            + (unreadable.size() > 1 ? " and " + (unreadable.size() - 1) + " more" : "") + "): run verify")
        : Optional.empty();
    return new Scan(blobs, other, refused);
  }

  /** Deletes the scan's garbage (blobs only if {@code lock} is held and nothing refused them). */
  private GcReport delete(GcOptions options, Scan found, LockDoc lock, Progress progress) {
    List<GcReport.Garbage> garbage = new ArrayList<>(found.blobs());
    garbage.addAll(found.other());
    int deleted = 0;
    if (!options.dryRun()) {
      for (int i = 0; i < garbage.size(); i++) {
        progress.update("deleting", i, garbage.size());
        GcReport.Garbage g = garbage.get(i);
        if (g.kind() == GcReport.Kind.UNREFERENCED_BLOB) {
          if (lock == null || found.refused().isPresent()) {
            continue;
          }
          if (clock.millis() > lock.expiresAt() - LOCK_MARGIN.toMillis()) {
            LOG.log(System.Logger.Level.WARNING, "garbage collection stopped before its lock expires; run it again");
            continue;
          }
        }
        if (scan.delete(g.key())) {
          deleted++;
        }
      }
    }
    return new GcReport(options.dryRun(), garbage, found.refused(), deleted);
  }

  private void findReferences(List<ObjectInfo> objects, Map<String, ObjectInfo> byKey, References references,
      List<String> unreadable, List<RunId> open, Instant now, Progress progress) {
    Map<RunId, Long> lastActivity = new HashMap<>();
    Map<RunId, Long> leases = new HashMap<>();
    for (int i = 0; i < objects.size(); i++) {
      progress.update("references", i, objects.size());
      String key = objects.get(i).key();
      try {
        if (key.startsWith(Keys.RUNS)) {
          Optional<RunId> id = Keys.runIdOfStart(key);
          if (id.isPresent()) {
            RunStartDoc s = scan.decode(key, Format.RUN_START, RunStartDoc.class).doc();
            s.fingerprint().sourceOrEmpty().flatMap(SourceState::diff)
                .ifPresent(d -> references.add(d.digest(), d.kind(), key));
            lastActivity.merge(id.get(), s.startedAt(), Math::max);
            leases.put(id.get(), s.leaseMillis() != null ? s.leaseMillis() : defaultLease.toMillis());
          }
        } else if (key.startsWith(Keys.RUN_DATA)) {
          Optional<RunKeys> parsed = RunKeys.parse(key);
          if (parsed.isPresent() && parsed.get().kind() == RunKeys.Kind.JOURNAL) {
            JournalDoc j = scan.decode(key, Format.RUN_LOG, JournalDoc.class).doc();
            long last = j.sealedAt() != null ? j.sealedAt() : 0;
            for (JournalEvent e : j.events()) {
              last = Math.max(last, e.at());
              if (e instanceof JournalEvent.ArtifactEdge a) {
                references.add(Digest.parse(a.digest()), a.kind(), key);
              } else if (e instanceof JournalEvent.Code c) {
                references.addClasspath(Digest.parse(c.classpath()), key);
              }
            }
            lastActivity.merge(parsed.get().run(), last, Math::max);
          }
        } else if (key.startsWith(Keys.STEP_CACHE)) {
          StepEntryDoc e = scan.decode(key, Format.STEP_ENTRY, StepEntryDoc.class).doc();
          e.outputs().forEach(o -> references.add(Digest.parse(o.digest()), o.kind(), key));
        } else if (key.startsWith(Keys.REGISTRY) && key.contains("/versions/")) {
          ModelVersionDoc v = scan.decode(key, Format.MODEL_VERSION, ModelVersionDoc.class).doc();
          references.add(Digest.parse(v.digest()), v.kind(), key);
        }
      } catch (StorageException e) {
        unreadable.add(key);
      }
    }
    lastActivity.forEach((run, last) -> {
      boolean ended = byKey.containsKey(Keys.runEnd(run));
      if (!ended && now.toEpochMilli() - last <= leases.getOrDefault(run, defaultLease.toMillis())) {
        open.add(run);
      }
    });
    for (Digest d : new ArrayList<>(references.classpaths)) {
      try {
        scan.read(Keys.blob(d)).ifPresent(bytes -> references.addClasspathContent(d, bytes));
      } catch (dev.lineage.LineageException e) {
        unreadable.add(Keys.blob(d));
      }
    }
    for (Digest d : new ArrayList<>(references.directories)) {
      try {
        scan.read(Keys.blob(d)).ifPresent(bytes ->
            DirectoryManifest.decode(bytes).entries().forEach(e -> references.add(e.digest(), null, Keys.blob(d))));
      } catch (StorageException | InvalidInputException e) {
        unreadable.add(Keys.blob(d));
      }
    }
  }

  /** Snapshots older than the newest {@code keepSnapshots}, tables no snapshot names, and version-1 snapshots. */
  private List<GcReport.Garbage> indexGarbage(List<ObjectInfo> objects, GcOptions options, Instant now,
      List<String> unreadable) {
    List<ObjectInfo> manifests = new ArrayList<>();
    List<ObjectInfo> tableFiles = new ArrayList<>();
    List<ObjectInfo> v1 = new ArrayList<>();
    for (ObjectInfo o : objects) {
      if (Keys.indexSeqOf(o.key()) >= 0) {
        manifests.add(o);
      } else if (o.key().startsWith(Keys.INDEX)) {
        tableFiles.add(o);
      } else if (o.key().startsWith(Keys.INDEX_V1)) {
        v1.add(o);
      }
    }
    manifests.sort(java.util.Comparator.comparingLong(o -> Keys.indexSeqOf(o.key())));
    List<GcReport.Garbage> out = new ArrayList<>();
    Set<String> named = new HashSet<>();
    int superseded = Math.max(0, manifests.size() - options.keepSnapshots());
    for (int i = 0; i < manifests.size(); i++) {
      ObjectInfo m = manifests.get(i);
      IndexManifestDoc doc;
      try {
        doc = scan.decode(m.key(), Format.INDEX, IndexManifestDoc.class).doc();
      } catch (StorageException e) {
        unreadable.add(m.key());
        return List.of(); // which tables it names cannot be told: leave the index alone
      }
      boolean expire = i < superseded && older(m, options.grace(), now);
      if (expire) {
        out.add(new GcReport.Garbage(m.key(), GcReport.Kind.SUPERSEDED_SNAPSHOT, m.size()));
      }
      for (IndexManifestDoc.TableRef t : doc.tables().values()) {
        named.add(t.key());
        if (expire) {
          objects.stream().filter(o -> o.key().equals(t.key())).findFirst().ifPresent(o ->
              out.add(new GcReport.Garbage(o.key(), GcReport.Kind.SUPERSEDED_SNAPSHOT, o.size())));
        }
      }
    }
    for (ObjectInfo t : tableFiles) {
      if (!named.contains(t.key()) && older(t, options.grace(), now)) {
        out.add(new GcReport.Garbage(t.key(), GcReport.Kind.ORPHAN_INDEX_TABLE, t.size()));
      }
    }
    if (!manifests.isEmpty()) {
      v1.stream().filter(o -> older(o, options.grace(), now))
          .forEach(o -> out.add(new GcReport.Garbage(o.key(), GcReport.Kind.SUPERSEDED_SNAPSHOT, o.size())));
    }
    return out;
  }

  /** True if the object is known to be older than {@code age}; an object of unknown age is never old. */
  private static boolean older(ObjectInfo o, Duration age, Instant now) {
    return o.lastModified().filter(t -> t.plus(age).isBefore(now)).isPresent();
  }
}
