package dev.lineage.internal.store;

import java.util.List;
import java.util.Map;

/**
 * {@code index/v2/{seq}/manifest.json}: the commit point of an index snapshot (docs/lineage-index.md). Each table
 * is named with its digest, so a damaged or swapped table is caught before it is decoded. {@code newestRuns}, the
 * ids of the snapshot's newest runs in ascending order (at most {@link #NEWEST_RUNS}), lets a listing of the newest
 * runs skip decoding the tables; manifests written before it was added have none (null).
 */
public record IndexManifestDoc(long seq, long createdAt, String lastRunId, List<String> openRuns, int runCount,
    Map<String, TableRef> tables, String writeId, List<String> newestRuns) implements Bound {
  /** How many of the snapshot's newest run ids a manifest names. */
  public static final int NEWEST_RUNS = 256;

  public IndexManifestDoc {
    Check.optionalUlid(lastRunId, "lastRunId");
    openRuns = List.copyOf(Check.present(openRuns, "openRuns"));
    openRuns.forEach(id -> Check.ulid(id, "openRuns"));
    tables = Map.copyOf(Check.present(tables, "tables"));
    if (newestRuns != null) {
      newestRuns = List.copyOf(newestRuns);
      newestRuns.forEach(id -> Check.ulid(id, "newestRuns"));
      if (newestRuns.size() > runCount) {
        throw new IllegalArgumentException("newestRuns names " + newestRuns.size() + " runs of a snapshot of "
            + runCount);
      }
    }
  }

  /** One table file of the snapshot. */
  public record TableRef(String key, String digest, long bytes) {
    public TableRef {
      Check.present(key, "key");
      Check.digest(digest, "digest");
    }
  }

  @Override
  public String storedAt() {
    return Keys.indexManifest(seq);
  }
}
