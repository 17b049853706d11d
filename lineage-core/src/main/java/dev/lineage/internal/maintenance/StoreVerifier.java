package dev.lineage.internal.maintenance;

import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.internal.Tasks;
import dev.lineage.internal.artifact.DirectoryManifest;
import dev.lineage.internal.artifact.Sha256;
import dev.lineage.internal.metrics.SegmentReader;
import dev.lineage.internal.query.IndexTables;
import dev.lineage.internal.store.AliasMoveDoc;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.Format;
import dev.lineage.internal.store.IndexManifestDoc;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.LockDoc;
import dev.lineage.internal.store.ModelVersionDoc;
import dev.lineage.internal.store.ObjectScan;
import dev.lineage.internal.store.RunEndDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.store.StepEntryDoc;
import dev.lineage.internal.store.StoreMarker;
import dev.lineage.maintenance.Progress;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.spi.ObjectInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads every object of a store and checks it against its own checksum or digest and against what names it;
 * see {@link dev.lineage.maintenance.Maintenance#verify}.
 */
final class StoreVerifier {
  private final ObjectScan scan;
  private final Clock clock;
  private final Executor executor;
  // Filled by several threads at once (verify): every object is checked on the executor or this thread.
  private final List<StoreProblem> problems = Collections.synchronizedList(new ArrayList<>());
  private final References references = new References();
  private final Set<Digest> blobs = ConcurrentHashMap.newKeySet();
  private final Set<RunId> runs = ConcurrentHashMap.newKeySet();
  private final Map<RunId, String> runReferrers = new ConcurrentHashMap<>();
  private final Map<String, String> namedSegments = new ConcurrentHashMap<>(); // key -> digest
  private final Map<String, String> segmentNamer = new ConcurrentHashMap<>();
  private final Map<String, Digest> segments = new ConcurrentHashMap<>();
  private final Map<String, IndexManifestDoc.TableRef> namedTables = new ConcurrentHashMap<>();
  private final Map<String, String> tableNamer = new ConcurrentHashMap<>();
  private final Map<String, Digest> tables = new ConcurrentHashMap<>();
  private final LongAdder bytes = new LongAdder();

  StoreVerifier(ObjectScan scan, Clock clock, Executor executor) {
    this.scan = scan;
    this.clock = clock;
    this.executor = executor;
  }

  VerifyReport verify(Progress progress) {
    long started = clock.millis();
    // Every object is read and checked once, on the executor's threads and this one at once. The listing goes
    // page by page on this thread while the executor checks what has been listed: on a store of small objects
    // the listing is a quarter of the work. Documents go out in batches as they are listed (in a new JVM their
    // decoding is slow until compiled, so it must not be left for the end); blobs, most of a store's bytes, go
    // out once the listing is done, one task each, largest first. Nothing below depends on which thread ran what.
    List<FutureTask<Void>> tasks = new ArrayList<>();
    List<ObjectInfo> blobObjects = new ArrayList<>();
    List<ObjectInfo> batch = new ArrayList<>();
    long[] listed = {0};
    scan.listPages(page -> {
      for (ObjectInfo o : page) {
        if (Keys.digestOfBlob(o.key()).isPresent()) {
          blobObjects.add(o);
        } else {
          batch.add(o);
          if (batch.size() == BATCH) {
            List<ObjectInfo> these = List.copyOf(batch);
            tasks.add(Tasks.start(executor, () -> checkAll(these)));
            batch.clear();
          }
        }
      }
      listed[0] += page.size();
      progress.update("listing", listed[0], -1);
    });
    long objects = listed[0];
    List<ObjectInfo> rest = List.copyOf(batch);
    tasks.add(Tasks.start(executor, () -> checkAll(rest)));
    blobObjects.sort(Comparator.comparingLong(ObjectInfo::size).reversed());
    for (ObjectInfo o : blobObjects) {
      tasks.add(Tasks.start(executor, () -> checkAll(List.of(o))));
    }
    // This thread takes every task no executor thread has started, rather than wait on the first one.
    for (int i = 0; i < tasks.size(); i++) {
      progress.update("objects", objects * i / tasks.size(), objects);
      tasks.get(i).run();
    }
    for (FutureTask<Void> task : tasks) {
      Tasks.join(task, "verifying the store");
    }
    progress.update("objects", objects, objects);
    crossCheck(progress);
    problems.sort(Comparator.comparing(StoreProblem::key));
    return new VerifyReport(objects, bytes.sum(), problems, Duration.ofMillis(clock.millis() - started));
  }

  /** Objects checked per task: enough to amortise a task, few enough to share the work out. */
  private static final int BATCH = 64;

  private Void checkAll(List<ObjectInfo> these) {
    for (ObjectInfo o : these) {
      try {
        check(o.key(), o.size());
      } catch (StorageException e) {
        problems.add(StoreProblem.of(o.key(), runOf(o.key()), e));
      }
    }
    return null;
  }

  private static Optional<RunId> runOf(String key) {
    return Keys.runIdOfStart(key).or(() -> RunKeys.parse(key).map(RunKeys::run));
  }

  private void check(String key, long size) {
    if (key.equals(Keys.MARKER)) {
      decode(key, Format.STORE, StoreMarker.class);
    } else if (key.startsWith(Keys.RUNS)) {
      Optional<RunId> id = Keys.runIdOfStart(key);
      if (id.isEmpty()) {
        stray(key, "not a run start record");
        return;
      }
      RunStartDoc start = decode(key, Format.RUN_START, RunStartDoc.class);
      if (!start.runId().equals(id.get().value())) {
        throw new CorruptObjectException(key, "holds the start of run " + start.runId());
      }
      runs.add(id.get());
      if (start.parent() != null) {
        References.firstInKeyOrder(runReferrers, RunId.of(start.parent()), key);
      }
    } else if (key.startsWith(Keys.RUN_DATA)) {
      checkRunData(key);
    } else if (key.startsWith(Keys.BLOBS)) {
      Optional<Digest> digest = Keys.digestOfBlob(key);
      if (digest.isEmpty()) {
        stray(key, "not a blob key");
        return;
      }
      Sha256.Hashed h = scan.hash(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
      bytes.add(h.bytes());
      if (!h.digest().equals(digest.get())) {
        throw new CorruptObjectException(key, "holds content with digest " + h.digest());
      }
      blobs.add(digest.get());
    } else if (key.startsWith(Keys.STEP_CACHE)) {
      StepEntryDoc e = decode(key, Format.STEP_ENTRY, StepEntryDoc.class);
      if (!key.equals(Keys.stepCacheEntry(e.step(), new Digest(e.key())))) {
        throw new CorruptObjectException(key, "holds the entry of step '" + e.step() + "' key " + e.key());
      }
      e.outputs().forEach(o -> references.add(Digest.parse(o.digest()), o.kind(), key));
      References.firstInKeyOrder(runReferrers, RunId.of(e.run()), key);
    } else if (key.startsWith(Keys.INDEX)) {
      checkIndex(key);
    } else if (key.startsWith(Keys.REGISTRY)) {
      checkRegistry(key);
    } else if (key.startsWith(Keys.LOCKS)) {
      decode(key, Format.LOCK, LockDoc.class);
    } else if (!key.startsWith(Keys.INDEX_V1) && !key.startsWith(Keys.QUARANTINE) && !key.startsWith(Keys.STAGING)) {
      stray(key, "outside the store's key layout");
    }
  }

  private void checkRunData(String key) {
    Optional<RunKeys> parsed = RunKeys.parse(key);
    if (parsed.isEmpty()) {
      stray(key, "not a run's end record, journal batch or metric segment");
      return;
    }
    RunId run = parsed.get().run();
    References.firstInKeyOrder(runReferrers, run, key);
    switch (parsed.get().kind()) {
      case END -> decode(key, Format.RUN_END, RunEndDoc.class);
      case JOURNAL -> {
        JournalDoc j = decode(key, Format.RUN_LOG, JournalDoc.class);
        for (JournalEvent e : j.events()) {
          if (e instanceof JournalEvent.ArtifactEdge a) {
            references.add(Digest.parse(a.digest()), a.kind(), key);
          } else if (e instanceof JournalEvent.Segment s) {
            namedSegments.put(s.key(), s.digest());
            segmentNamer.put(s.key(), key);
          }
        }
      }
      case SEGMENT -> {
        byte[] segment = scan.read(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
        bytes.add(segment.length);
        segments.put(key, Sha256.of(segment));
        SegmentReader.read(segment, key, k -> false, new ArrayList<>());
      }
    }
  }

  private void checkIndex(String key) {
    if (key.endsWith("/manifest.json")) {
      IndexManifestDoc m = decode(key, Format.INDEX, IndexManifestDoc.class);
      if (m.seq() != Keys.indexSeqOf(key)) {
        throw new CorruptObjectException(key, "names snapshot " + m.seq() + ", not its own number");
      }
      m.tables().forEach((name, ref) -> {
        namedTables.put(ref.key(), ref);
        tableNamer.put(ref.key(), key);
      });
      return;
    }
    byte[] table = scan.read(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
    bytes.add(table.length);
    tables.put(key, Sha256.of(table));
    String name = key.substring(key.lastIndexOf('-') + 1).replace(".parquet", "");
    IndexTables.check(key, name, table);
  }

  private void checkRegistry(String key) {
    if (key.contains("/versions/")) {
      ModelVersionDoc v = decode(key, Format.MODEL_VERSION, ModelVersionDoc.class);
      if (!key.equals(Keys.modelVersion(v.model(), v.number()))) {
        throw new CorruptObjectException(key, "holds version " + v.number() + " of model '" + v.model() + "'");
      }
      references.add(Digest.parse(v.digest()), v.kind(), key);
      if (v.run() != null) {
        References.firstInKeyOrder(runReferrers, RunId.of(v.run()), key);
      }
    } else if (key.contains("/aliases/")) {
      AliasMoveDoc m = decode(key, Format.ALIAS_MOVE, AliasMoveDoc.class);
      if (!key.equals(Keys.aliasMove(m.model(), m.alias(), m.seq()))) {
        throw new CorruptObjectException(key, "holds move " + m.seq() + " of alias '" + m.alias() + "'");
      }
    } else {
      stray(key, "not a registry object");
    }
  }

  /** What names must exist, and what digests must agree, once every object has been read. */
  private void crossCheck(Progress progress) {
    namedSegments.forEach((key, digest) -> {
      Digest actual = segments.get(key);
      if (actual == null) {
        dangling(key, "the metric segment " + segmentNamer.get(key) + " names is missing");
      } else if (!actual.toString().equals(digest)) {
        corrupt(key, "holds content " + actual + ", not the " + digest + " " + segmentNamer.get(key) + " names");
      }
    });
    namedTables.forEach((key, ref) -> {
      Digest actual = tables.get(key);
      if (actual == null) {
        dangling(key, "the index table " + tableNamer.get(key) + " names is missing");
      } else if (!actual.toString().equals(ref.digest())) {
        corrupt(key, "holds content " + actual + ", not the " + ref.digest() + " " + tableNamer.get(key) + " names");
      }
    });
    runReferrers.forEach((run, referrer) -> {
      if (!runs.contains(run)) {
        dangling(Keys.runStart(run), referrer + " names run " + run + ", which has no start record");
      }
    });
    List<Digest> directories = new ArrayList<>(references.directories);
    for (int i = 0; i < directories.size(); i++) {
      progress.update("directory manifests", i, directories.size());
      Digest d = directories.get(i);
      if (!blobs.contains(d)) {
        continue; // reported below as a missing blob
      }
      try {
        byte[] manifest = scan.read(Keys.blob(d)).orElseThrow();
        DirectoryManifest.decode(manifest).entries().forEach(e -> references.add(e.digest(), null, Keys.blob(d)));
      } catch (InvalidInputException e) {
        corrupt(Keys.blob(d), "is named as a directory but is not a manifest: " + e.getMessage());
      }
    }
    references.referrers.forEach((digest, referrer) -> {
      if (!blobs.contains(digest)) {
        dangling(Keys.blob(digest), referrer + " names content " + digest + ", which the store does not hold");
      }
    });
  }

  /** Decodes a document, counting the bytes read. */
  private <T> T decode(String key, Format format, Class<T> type) {
    Documents.Decoded<T> decoded = scan.decode(key, format, type);
    bytes.add(decoded.length());
    return decoded.doc();
  }

  private void stray(String key, String why) {
    problems.add(new StoreProblem(key, runOf(key), StoreProblem.Kind.STRAY, "object " + key + " is " + why));
  }

  private void dangling(String key, String why) {
    problems.add(new StoreProblem(key, runOf(key), StoreProblem.Kind.DANGLING, why));
  }

  private void corrupt(String key, String why) {
    problems.add(new StoreProblem(key, runOf(key), StoreProblem.Kind.CORRUPT, "object " + key + " is corrupt: " + why));
  }
}
