package dev.lineage.maintenance;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Maintenance#doctor} found the storage service under a store to guarantee.
 *
 * @param store the store it examined
 * @param findings one per guarantee, in the order of {@link Guarantee}
 * @param took how long it took
 *
 * @since 0.1.0
 */
@dev.lineage.Experimental
public record DoctorReport(URI store, List<Finding> findings, Duration took) {
  public DoctorReport {
    findings = List.copyOf(findings);
  }

  /** Whether the guarantee holds, and what was seen (counts, the first failure). */
  public record Finding(Guarantee guarantee, boolean holds, String detail) {}

  /** A guarantee Lineage's commit protocol relies on (docs/storage-format.md, "Commit protocol"). */
  public enum Guarantee {
    /** A put-if-absent on a key that exists is refused and leaves the object as it was. */
    PUT_IF_ABSENT_REFUSES_EXISTING(true),
    /**
     * Of put-if-absent calls racing on one key from several threads, exactly one is told it created the object,
     * and the object holds that one's bytes. Without it, two writers can both be told they registered the same
     * model version, and one registration is lost.
     */
    PUT_IF_ABSENT_ATOMIC(true),
    /** An object reads back, byte for byte, right after it was written. */
    READ_AFTER_WRITE(true),
    /** A listing right after a write shows the object. */
    LIST_AFTER_WRITE(true),
    /** Listings are in ascending key order, honour the key to start after, and page without loss. */
    LIST_ORDER(true),
    /** An empty object is stored and read as empty. */
    EMPTY_OBJECT(false),
    /** An object larger than a single upload (40 MiB) is stored and read back whole. */
    LARGE_OBJECT(false),
    /** The doctor's own probe objects can be deleted, and none is left behind. */
    CLEANS_UP(false);

    private final boolean forManyWriters;

    Guarantee(boolean forManyWriters) {
      this.forManyWriters = forManyWriters;
    }

    /** Whether many writers sharing the store depend on it (the others matter to any use). */
    public boolean forManyWriters() {
      return forManyWriters;
    }
  }

  /** True if every guarantee holds. */
  public boolean ok() {
    return findings.stream().allMatch(Finding::holds);
  }

  /** True if every guarantee that many writers sharing the store rely on holds. */
  public boolean manyWritersSafe() {
    return findings.stream().filter(f -> f.guarantee().forManyWriters()).allMatch(Finding::holds);
  }
}
