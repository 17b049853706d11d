package dev.lineage.maintenance;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Maintenance#gc} found and did.
 *
 * @param garbage what nothing references and is past the grace period (deleted, unless a dry run)
 * @param blobsRefused why unreferenced blobs were kept this time (open runs, or a run or reference that could
 *     not be read), if they were
 * @param deleted how many objects were deleted (0 in a dry run)
 *
 * @since 0.1.0
 */
public record GcReport(boolean dryRun, List<Garbage> garbage, Optional<String> blobsRefused, int deleted) {
  public GcReport {
    garbage = List.copyOf(garbage);
  }

  /** One object to collect. */
  public record Garbage(String key, Kind kind, long bytes) {}

  /** Why an object is garbage. */
  public enum Kind {
    /** A blob that no run, registry version or step cache entry names. */
    UNREFERENCED_BLOB,
    /** An index snapshot (manifest or table) older than the ones kept. */
    SUPERSEDED_SNAPSHOT,
    /** An index table no snapshot names (its publisher lost the race or died). */
    ORPHAN_INDEX_TABLE,
    /** A large upload left in {@code staging/} by a process that died. */
    STAGING,
    /** A corrupt blob moved to quarantine, past its retention. */
    QUARANTINED,
    /** A probe object a store doctor that stopped early left under {@code doctor/}. */
    DOCTOR_PROBE
  }

  /** The bytes deleted (or, in a dry run, that would be). */
  public long bytes() {
    return garbage.stream().mapToLong(Garbage::bytes).sum();
  }
}
