package dev.lineage.internal.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.internal.Json;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
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
import java.util.concurrent.Executor;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The compacted run index: immutable Parquet snapshots committed by a manifest put-if-absent, plus the tail of
 * runs written since. Loading reads the newest snapshot and only the runs after it (docs/lineage-index.md).
 */
public final class IndexStore {
  /** Runs whose ids are this much older than a snapshot's newest run are still looked for in the tail. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final StorageBackend backend;
  private final RunReader reader;
  private final Clock clock;
  private final Executor executor;
  private final Path tempDir;
  /** Snapshots are immutable, so a cached one is never stale. */
  private final Cache<String, SnapshotRuns> snapshots = Caffeine.newBuilder().maximumSize(2).build();

  public IndexStore(StorageBackend backend, RunReader reader, Clock clock, Executor executor, Path tempDir) {
    this.backend = backend;
    this.reader = reader;
    this.clock = clock;
    this.executor = executor;
    this.tempDir = tempDir;
  }

  /** The newest snapshot's runs, still columns, and the tail's records read from the runs' own objects. */
  public Loaded load() {
    Optional<Records.IndexManifest> manifest = newestManifest();
    if (manifest.isEmpty()) {
      return new Loaded(SnapshotRuns.EMPTY, readAll(reader.runIds()), -1);
    }
    Records.IndexManifest m = manifest.get();
    SnapshotRuns snapshot = snapshots.get(StoreLayout.indexManifest(m.seq()), k -> readSnapshot(m, k));
    return new Loaded(snapshot, readAll(tailIds(m, snapshot)), m.seq());
  }

  /** The runs' records, in ascending id order. */
  private List<RunRecord> readAll(List<RunId> ids) {
    List<RunRecord> out = new ArrayList<>(ids.size());
    ids.stream().sorted().forEach(id -> out.add(reader.read(id)));
    return out;
  }

  /**
   * A load: the snapshot ({@link SnapshotRuns#EMPTY} if none) and the tail, the runs not in it, in ascending id
   * order.
   */
  public record Loaded(SnapshotRuns snapshot, List<RunRecord> tail, long snapshotSeq) {
    public Loaded {
      tail = List.copyOf(tail);
    }

    public int tailSize() {
      return tail.size();
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

  /** Runs after the snapshot's newest (less the clock-skew margin), and those it saw open. */
  private List<RunId> tailIds(Records.IndexManifest m, SnapshotRuns indexed) {
    Set<RunId> ids = new java.util.TreeSet<>();
    m.openRuns().forEach(id -> ids.add(RunId.of(id)));
    if (m.lastRunId() != null) {
      long from = Ulid.timeOf(m.lastRunId()) - CLOCK_SKEW.toMillis();
      String after = StoreLayout.runStart(RunId.of(Ulid.floor(from)));
      for (ObjectInfo o : backend.listAll(StoreLayout.RUNS, after)) {
        RunId id = StoreLayout.runIdOfStart(o.key());
        if (id != null && indexed.indexOf(id.value()) < 0) {
          ids.add(id);
        }
      }
    } else {
      reader.runIds().stream().filter(id -> indexed.indexOf(id.value()) < 0).forEach(ids::add);
    }
    return new ArrayList<>(ids);
  }

  private Optional<Records.IndexManifest> newestManifest() {
    return backend.listAll(StoreLayout.INDEX).stream()
        .map(ObjectInfo::key)
        .filter(k -> StoreLayout.indexSeqOf(k) >= 0)
        .max(Comparator.comparingLong(StoreLayout::indexSeqOf))
        .map(k -> Json.read(PutOnce.read(backend, k), Records.IndexManifest.class, k))
        .map(m -> {
          if (!Records.INDEX_FORMAT.equals(m.format()) || m.version() != StoreLayout.FORMAT_VERSION) {
            throw new StorageException("index snapshot " + m.seq() + " has format " + m.format() + " version "
                + m.version() + "; this reader understands " + Records.INDEX_FORMAT + " version "
                + StoreLayout.FORMAT_VERSION);
          }
          return m;
        });
  }

  private SnapshotRuns readSnapshot(Records.IndexManifest m, String name) {
    Map<String, byte[]> tables = new HashMap<>();
    m.tables().forEach((table, key) -> tables.put(table, PutOnce.read(backend, key)));
    return SnapshotRuns.read(tables, "index snapshot " + name, executor);
  }

  /**
   * Publishes a snapshot of every finished run, naming the open ones so readers re-read them. Returns the new
   * snapshot's sequence number, or empty if another process published that number first (its snapshot stands).
   */
  public Optional<Long> publish() {
    return publish(load());
  }

  /** Like {@link #publish()}, from runs just loaded (so a caller that has them does not load twice). */
  public Optional<Long> publish(Loaded loaded) {
    List<RunRecord> all = loaded.all();
    List<RunRecord> finished = all.stream().filter(r -> r.status().isFinished()).collect(Collectors.toList());
    List<String> open = all.stream().filter(r -> !r.status().isFinished()).map(r -> r.id().value())
        .collect(Collectors.toList());
    String lastRunId = all.isEmpty() ? null : all.get(all.size() - 1).id().value();
    long seq = loaded.snapshotSeq() + 1;
    String publisher = Ulid.next(clock.millis());
    Map<String, Path> files = Map.of();
    try {
      files = RunTables.write(finished, tempDir);
      Map<String, String> tableKeys = new LinkedHashMap<>();
      for (Map.Entry<String, Path> f : files.entrySet()) {
        String key = StoreLayout.indexTable(seq, publisher, f.getKey());
        backend.putIfAbsent(key, Payload.of(f.getValue()));
        tableKeys.put(f.getKey(), key);
      }
      Records.IndexManifest manifest = new Records.IndexManifest(Records.INDEX_FORMAT, StoreLayout.FORMAT_VERSION,
          seq, clock.millis(), lastRunId, open, finished.size(), tableKeys);
      PutResult result = backend.putIfAbsent(StoreLayout.indexManifest(seq), Payload.of(Json.write(manifest)));
      return result == PutResult.CREATED ? Optional.of(seq) : Optional.empty();
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
