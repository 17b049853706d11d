package dev.lineage.internal.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lineage.NotFoundException;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.store.IndexManifestDoc;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.RunObjects;
import dev.lineage.internal.store.Store;
import dev.lineage.query.RunQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.lineage.internal.Tasks;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * The compacted run index: immutable Parquet snapshots committed by a manifest put once, plus the tail of runs
 * written since. Loading reads the newest readable snapshot and only the runs after it (docs/lineage-index.md).
 * The index is derived data: a damaged snapshot is reported and passed over, never an error for every query.
 */
public final class IndexStore {
  /** Runs whose ids are this much older than a snapshot's newest run are still looked for in the tail. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final System.Logger LOG = System.getLogger(IndexStore.class.getName());

  private final Store store;
  private final RunReader reader;
  private final Clock clock;
  private final Executor executor;
  private final Path tempDir;
  /** Snapshots are immutable, so a cached one is never stale. */
  private final Cache<Long, SnapshotRuns> snapshots = Caffeine.newBuilder().executor(Runnable::run).maximumSize(2).build();
  /**
   * The columns filtered searches read, by snapshot and projection ({@link #narrow}); immutable too, and dropped
   * once their snapshot is loaded whole, which answers every search.
   */
  private final Cache<Projection, SnapshotColumns> projections = Caffeine.newBuilder().executor(Runnable::run).maximumSize(4).build();
  /** Damaged objects already logged by this Lineage: each is logged once, and reported by every answer. */
  private final Set<String> logged = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Consumer<StoreProblem> problemListener;

  public IndexStore(Store store, RunReader reader, Clock clock, Executor executor, Path tempDir,
      Consumer<StoreProblem> problemListener) {
    this.store = store;
    this.reader = reader;
    this.clock = clock;
    this.executor = executor;
    this.tempDir = tempDir;
    this.problemListener = problemListener;
  }

  /**
   * The runs matching {@code query}: the one query path of {@code Lineage.runs}. A listing of the newest runs
   * with no condition reads those runs alone ({@link #newest}); a query with a small limit decodes only the
   * columns it reads ({@link #narrow}), unless the whole snapshot is loaded already; any other query searches the
   * loaded index.
   */
  public List<RunRecord> runs(RunQuery query) {
    if (query.limit() <= NEWEST_DIRECT) {
      Optional<List<RunRecord>> direct = query.conditions().isEmpty() && query.order() instanceof RunQuery.NewestFirst
          ? newest(query.limit()) : narrow(query);
      if (direct.isPresent()) {
        return direct.get();
      }
    }
    return load().search(query);
  }

  /** The largest answer {@link #runs} reads run by run from the runs' own objects instead of the snapshot. */
  static final int NEWEST_DIRECT = 100;

  /** A snapshot and the columns read of it, by table. */
  private record Projection(long seq, Map<String, Set<String>> columns) {}

  /**
   * The runs matching {@code query}, searched over only the snapshot columns its conditions and order read
   * ({@link SnapshotConditions#columns}) and the tail, each run returned read from its own objects. At a hundred
   * thousand runs a name is two of the runs table's columns to decode, not the six tables. Empty, for the
   * whole snapshot to answer, when that is loaded already (it answers at once), when the query reads something
   * not known here, when a table read fails (the whole load reports it and answers from an older snapshot or
   * from the objects), or when a returned run's objects cannot be read or its row is stale and no longer
   * matches (the snapshot holds it as it was indexed, and answers for it as every search does). Each condition is
   * evaluated once: over the columns for the indexed runs, on the record for the tail's.
   */
  Optional<List<RunRecord>> narrow(RunQuery query) {
    Optional<Map<String, Set<String>>> columns = SnapshotConditions.columns(query);
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<StoreProblem> problems = new ArrayList<>();
    Optional<IndexManifestDoc> manifest = newestManifest(problems);
    if (manifest.isEmpty() || snapshots.getIfPresent(manifest.get().seq()) != null) {
      return Optional.empty();
    }
    IndexManifestDoc m = manifest.get();
    SnapshotColumns snapshot;
    try {
      snapshot = projections.get(new Projection(m.seq(), columns.get()), p -> readColumns(m, p.columns()));
    } catch (StorageException e) {
      return Optional.empty();
    }
    List<RunRecord> tail = new ArrayList<>();
    for (RunId id : tailIds(manifest, snapshot, problems)) {
      read(id, problems).ifPresent(tail::add);
    }
    List<RunRecord> out = new ArrayList<>();
    for (RunSearch.Match match : new RunSearch(snapshot, tail).search(query)) {
      if (match.record() != null) {
        out.add(match.record());
        continue;
      }
      Optional<RunRecord> run = read(RunId.of(snapshot.id(match.run())), new ArrayList<>());
      if (run.isEmpty() || stale(run.get()) && !query.matches(run.get())) {
        return Optional.empty();
      }
      out.add(run.get());
    }
    report(problems);
    return Optional.of(out);
  }

  /**
   * Whether a run's snapshot row may no longer say what its objects do. A row is written once its run has
   * finished, and a finished run does not change, so its record satisfies what its row did and is not tested
   * again; only a run that no longer reads as finished (a writer attached to it after all) is.
   */
  private static boolean stale(RunRecord run) {
    return !run.status().isFinished();
  }

  /** The newest manifest that can be read; each one that cannot is added to {@code problems}. */
  private Optional<IndexManifestDoc> newestManifest(List<StoreProblem> problems) {
    List<String> manifests = store.index().manifestKeys();
    for (int i = manifests.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(store.index().manifest(manifests.get(i)));
      } catch (StorageException e) {
        problems.add(StoreProblem.of(manifests.get(i), Optional.empty(), e));
      }
    }
    return Optional.empty();
  }

  /**
   * The newest {@code limit} runs, newest first, each read from its own objects, without decoding a snapshot:
   * the candidates are the newest manifest's {@code newestRuns} and {@code openRuns} and the runs listed after
   * it. Below the oldest of its {@code newestRuns} the manifest names no run, so if fewer than {@code limit}
   * runs are found above it the answer is empty: the caller searches the whole index instead. So it is when an
   * indexed run's own objects cannot be read (the snapshot still holds it as it was indexed); a tail run that
   * cannot be read is reported and left out, as every search does.
   */
  Optional<List<RunRecord>> newest(int limit) {
    List<StoreProblem> problems = new ArrayList<>();
    Optional<IndexManifestDoc> manifest = newestManifest(problems);
    if (manifest.isPresent() && manifest.get().newestRuns() == null) {
      return Optional.empty(); // written before manifests named their newest runs
    }
    TreeSet<RunId> candidates = new TreeSet<>(Comparator.reverseOrder());
    Set<String> indexed = manifest.map(m -> Set.copyOf(m.newestRuns())).orElse(Set.of());
    RunId floor = null;
    RunId after = null;
    if (manifest.isPresent()) {
      IndexManifestDoc m = manifest.get();
      m.newestRuns().forEach(id -> candidates.add(RunId.of(id)));
      m.openRuns().forEach(id -> candidates.add(RunId.of(id)));
      if (m.runCount() > m.newestRuns().size()) {
        floor = RunId.of(m.newestRuns().get(0));
      }
      if (m.lastRunId() != null) {
        after = RunId.of(Ulid.floor(Ulid.timeOf(m.lastRunId()) - CLOCK_SKEW.toMillis()));
      }
    }
    RunObjects.Listing listing = store.runs().list(after);
    candidates.addAll(listing.ids());
    strays(listing, problems);
    List<RunRecord> out = new ArrayList<>();
    for (RunId id : candidates) {
      if (out.size() == limit || (floor != null && id.compareTo(floor) < 0)) {
        break;
      }
      Optional<RunRecord> run = read(id, problems);
      if (run.isEmpty() && indexed.contains(id.value())) {
        return Optional.empty(); // the snapshot holds it as it was indexed: answer from there, as every search does
      }
      run.ifPresent(out::add);
    }
    report(problems);
    return out.size() < limit && floor != null ? Optional.empty() : Optional.of(out);
  }

  /**
   * A load: the snapshot used ({@link SnapshotRuns#EMPTY} if none), its manifest, the tail (the runs not in it,
   * in ascending id order), the newest snapshot number in the store, and every object that could not be read.
   */
  public record Loaded(SnapshotRuns snapshot, Optional<IndexManifestDoc> manifest, List<RunRecord> tail,
      long newestSeq, List<StoreProblem> problems) {
    public Loaded {
      tail = List.copyOf(tail);
      problems = List.copyOf(problems);
    }

    public int tailSize() {
      return tail.size();
    }

    /** The runs matching {@code query}: the one query path of {@code Lineage.runs} and the graph's search. */
    public List<RunRecord> search(dev.lineage.query.RunQuery query) {
      return new RunSearch(snapshot.columns(), tail).search(query).stream()
          .map(m -> m.record() != null ? m.record() : snapshot.record(m.run())).toList();
    }

    /** Every run, built as records (for publishing a snapshot), in ascending id order. */
    List<RunRecord> all() {
      List<RunRecord> out = new ArrayList<>(tail);
      for (int i = 0; i < snapshot.size(); i++) {
        out.add(snapshot.record(i));
      }
      out.sort(Comparator.comparing(RunRecord::id));
      return out;
    }
  }

  /** The newest readable snapshot's runs, still columns, and the tail's records read from the runs' own objects. */
  public Loaded load() {
    List<StoreProblem> problems = new ArrayList<>();
    List<String> manifests = store.index().manifestKeys();
    long newestSeq = manifests.isEmpty() ? -1 : Keys.indexSeqOf(manifests.get(manifests.size() - 1));
    Optional<IndexManifestDoc> manifest = Optional.empty();
    SnapshotRuns snapshot = SnapshotRuns.EMPTY;
    for (int i = manifests.size() - 1; i >= 0 && manifest.isEmpty(); i--) {
      try {
        IndexManifestDoc m = store.index().manifest(manifests.get(i));
        snapshot = snapshots.get(m.seq(), k -> readSnapshot(m));
        projections.asMap().keySet().removeIf(p -> p.seq() == m.seq());
        manifest = Optional.of(m);
      } catch (StorageException e) {
        problems.add(StoreProblem.of(manifests.get(i), Optional.empty(), e)); // an older snapshot answers instead
      }
    }
    List<RunRecord> tail = new ArrayList<>();
    for (RunId id : tailIds(manifest, snapshot.columns(), problems)) {
      read(id, problems).ifPresent(tail::add);
    }
    report(problems);
    return new Loaded(snapshot, manifest, tail, newestSeq, problems);
  }

  /** Logs each problem once per Lineage and tells the listener, the first time this Lineage meets it. */
  private void report(List<StoreProblem> problems) {
    for (StoreProblem p : problems) {
      if (logged.add(p.key())) {
        LOG.log(System.Logger.Level.WARNING, "left out of lineage answers (" + p.kind() + "): " + p.message());
        problemListener.accept(p);
      }
    }
  }

  /** A run's record; a run that cannot be read is added to {@code problems} and left out. */
  private Optional<RunRecord> read(RunId id, List<StoreProblem> problems) {
    try {
      return Optional.of(reader.read(id));
    } catch (StorageException | NotFoundException e) {
      problems.add(e instanceof StorageException s ? StoreProblem.of(Keys.runStart(id), Optional.of(id), s)
          : new StoreProblem(Keys.runStart(id), Optional.of(id), StoreProblem.Kind.DANGLING, e.getMessage()));
      return Optional.empty();
    }
  }

  private static void strays(RunObjects.Listing listing, List<StoreProblem> problems) {
    listing.strays().forEach(k -> problems.add(new StoreProblem(k, Optional.empty(), StoreProblem.Kind.STRAY,
        "not a run start record: a file Lineage did not write")));
  }

  /** Runs after the snapshot's newest (less the clock-skew margin), and those it saw open. */
  private List<RunId> tailIds(Optional<IndexManifestDoc> manifest, SnapshotColumns indexed,
      List<StoreProblem> problems) {
    Set<RunId> ids = new TreeSet<>();
    RunId after = null;
    if (manifest.isPresent()) {
      manifest.get().openRuns().forEach(id -> ids.add(RunId.of(id)));
      if (manifest.get().lastRunId() != null) {
        long from = Ulid.timeOf(manifest.get().lastRunId()) - CLOCK_SKEW.toMillis();
        after = RunId.of(Ulid.floor(from));
      }
    }
    RunObjects.Listing listing = store.runs().list(after);
    for (RunId id : listing.ids()) {
      if (indexed.indexOf(id.value()) < 0) {
        ids.add(id);
      }
    }
    strays(listing, problems);
    return new ArrayList<>(ids);
  }

  private SnapshotRuns readSnapshot(IndexManifestDoc m) {
    Map<String, byte[]> tables = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (Table t : RunTables.ALL) {
      IndexManifestDoc.TableRef ref = ref(m, t.name());
      tables.put(t.name(), store.index().table(ref));
      keys.put(t.name(), ref.key());
    }
    return SnapshotRuns.read(tables, keys, executor);
  }

  /**
   * The named columns of the snapshot's tables, reading only the tables named: the others on the executor while
   * this thread reads the runs table.
   */
  private SnapshotColumns readColumns(IndexManifestDoc m, Map<String, Set<String>> columns) {
    Map<String, String> keys = new HashMap<>();
    Map<String, FutureTask<TableColumns>> others = new HashMap<>();
    for (String table : columns.keySet()) {
      IndexManifestDoc.TableRef ref = ref(m, table);
      keys.put(table, ref.key());
      if (!table.equals(RunTables.RUNS.name())) {
        others.put(table, Tasks.start(executor, () -> decode(ref, table, columns.get(table))));
      }
    }
    String runs = RunTables.RUNS.name();
    Map<String, TableColumns> decoded = new HashMap<>();
    decoded.put(runs, decode(m.tables().get(runs), runs, columns.get(runs))); // checked by ref() above
    others.forEach((table, task) -> decoded.put(table, Tasks.join(task, "reading an index snapshot")));
    return SnapshotColumns.of(decoded, keys);
  }

  /** One table's named columns, its bytes checked against the digest its manifest names. */
  private TableColumns decode(IndexManifestDoc.TableRef ref, String table, Set<String> columns) {
    return TableColumns.read(store.index().table(ref), ref.key(), RunTables.named(table), columns);
  }

  /** The manifest's reference to a table; a manifest that names none is corrupt. */
  private static IndexManifestDoc.TableRef ref(IndexManifestDoc m, String table) {
    IndexManifestDoc.TableRef ref = m.tables().get(table);
    if (ref == null) {
      throw new dev.lineage.CorruptObjectException(Keys.indexManifest(m.seq()), "names no " + table + " table");
    }
    return ref;
  }

  /**
   * Publishes a snapshot of every finished run, naming the open ones so readers re-read them. Returns the new
   * snapshot's number; empty if no run finished since the snapshot loaded (nothing to add), or another process
   * published that number first (its snapshot stands; the next call covers whatever it missed).
   */
  public Optional<Long> publish() {
    return publish(load());
  }

  /** Like {@link #publish()}, from runs just loaded (so a caller that has them does not load twice). */
  public Optional<Long> publish(Loaded loaded) {
    // A manifest written before manifests named their newest runs is worth replacing even with nothing new.
    boolean upToDate = loaded.manifest().isPresent() && loaded.manifest().get().seq() == loaded.newestSeq()
        && loaded.manifest().get().newestRuns() != null
        && loaded.tail().stream().noneMatch(r -> r.status().isFinished());
    if (upToDate || (loaded.manifest().isEmpty() && loaded.tail().isEmpty())) {
      return Optional.empty();
    }
    List<RunRecord> all = loaded.all();
    List<RunRecord> finished = all.stream().filter(r -> r.status().isFinished()).toList();
    List<String> open = all.stream().filter(r -> !r.status().isFinished()).map(r -> r.id().value()).toList();
    String lastRunId = all.isEmpty() ? null : all.get(all.size() - 1).id().value();
    long seq = loaded.newestSeq() + 1;
    long now = clock.millis();
    String publisher = Ulid.next(now);
    Map<String, Path> files = Map.of();
    try {
      files = RunTables.write(finished, tempDir);
      Map<String, IndexManifestDoc.TableRef> tables = new LinkedHashMap<>();
      for (Map.Entry<String, Path> f : files.entrySet()) {
        tables.put(f.getKey(), store.index().putTable(seq, publisher, f.getKey(), f.getValue()));
      }
      List<String> newest = finished.subList(Math.max(0, finished.size() - IndexManifestDoc.NEWEST_RUNS),
          finished.size()).stream().map(r -> r.id().value()).toList();
      IndexManifestDoc manifest = new IndexManifestDoc(seq, now, lastRunId, open, finished.size(), tables, publisher,
          newest);
      return store.index().publish(manifest) ? Optional.of(seq) : Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot write index snapshot: " + e.getMessage(), e);
    } finally {
      for (Path p : files.values()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover temp file is harmless
        }
      }
    }
  }
}
