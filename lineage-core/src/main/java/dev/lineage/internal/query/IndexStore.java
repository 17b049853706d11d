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
import java.util.Set;
import java.util.TreeMap;
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
  private final Path tempDir;
  /** Snapshots are immutable, so a cached one is never stale. */
  private final Cache<String, List<RunRecord>> snapshots = Caffeine.newBuilder().maximumSize(2).build();

  public IndexStore(StorageBackend backend, RunReader reader, Clock clock, Path tempDir) {
    this.backend = backend;
    this.reader = reader;
    this.clock = clock;
    this.tempDir = tempDir;
  }

  /** Every run in the store: the newest snapshot's, then the tail's. {@code tailSize} reports the tail's size. */
  public Loaded load() {
    Optional<Records.IndexManifest> manifest = newestManifest();
    Map<RunId, RunRecord> runs = new TreeMap<>();
    List<RunId> tail;
    if (manifest.isEmpty()) {
      tail = reader.runIds();
    } else {
      Records.IndexManifest m = manifest.get();
      for (RunRecord r : snapshots.get(StoreLayout.indexManifest(m.seq()), k -> readSnapshot(m))) {
        runs.put(r.id(), r);
      }
      tail = tailIds(m, new java.util.HashSet<>(runs.keySet()));
    }
    for (RunId id : tail) {
      runs.put(id, reader.read(id));
    }
    return new Loaded(runs, tail.size(), manifest.map(Records.IndexManifest::seq).orElse(-1L));
  }

  /** The runs of a load, and how many of them came from the tail. */
  public record Loaded(Map<RunId, RunRecord> runs, int tailSize, long snapshotSeq) {}

  /** Runs after the snapshot's newest (less the clock-skew margin), and those it saw open. */
  private List<RunId> tailIds(Records.IndexManifest m, Set<RunId> indexed) {
    Set<RunId> ids = new java.util.TreeSet<>();
    m.openRuns().forEach(id -> ids.add(RunId.of(id)));
    if (m.lastRunId() != null) {
      long from = Ulid.timeOf(m.lastRunId()) - CLOCK_SKEW.toMillis();
      String after = StoreLayout.runStart(RunId.of(Ulid.floor(from)));
      for (ObjectInfo o : backend.listAll(StoreLayout.RUNS, after)) {
        RunId id = StoreLayout.runIdOfStart(o.key());
        if (id != null && !indexed.contains(id)) {
          ids.add(id);
        }
      }
    } else {
      reader.runIds().stream().filter(id -> !indexed.contains(id)).forEach(ids::add);
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

  private List<RunRecord> readSnapshot(Records.IndexManifest m) {
    Map<String, byte[]> tables = new HashMap<>();
    m.tables().forEach((name, key) -> tables.put(name, PutOnce.read(backend, key)));
    return RunTables.read(tables);
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
    List<RunRecord> finished = loaded.runs().values().stream().filter(r -> r.status().isFinished())
        .collect(Collectors.toList());
    List<String> open = loaded.runs().values().stream().filter(r -> !r.status().isFinished())
        .map(r -> r.id().value()).collect(Collectors.toList());
    String lastRunId = loaded.runs().isEmpty() ? null : ((TreeMap<RunId, RunRecord>) loaded.runs()).lastKey().value();
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
