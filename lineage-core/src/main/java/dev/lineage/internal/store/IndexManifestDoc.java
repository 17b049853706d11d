package dev.lineage.internal.store;

import java.util.List;
import java.util.Map;

/**
 * {@code index/v2/{seq}/manifest.json}: the commit point of an index snapshot (docs/lineage-index.md). Each table
 * is named with its digest, so a damaged or swapped table is caught before it is decoded.
 */
public record IndexManifestDoc(long seq, long createdAt, String lastRunId, List<String> openRuns, int runCount,
    Map<String, TableRef> tables, String writeId) {
  public IndexManifestDoc {
    Check.optionalUlid(lastRunId, "lastRunId");
    openRuns = List.copyOf(Check.present(openRuns, "openRuns"));
    openRuns.forEach(id -> Check.ulid(id, "openRuns"));
    tables = Map.copyOf(Check.present(tables, "tables"));
  }

  /** One table file of the snapshot. */
  public record TableRef(String key, String digest, long bytes) {
    public TableRef {
      Check.present(key, "key");
      Check.digest(digest, "digest");
    }
  }
}
