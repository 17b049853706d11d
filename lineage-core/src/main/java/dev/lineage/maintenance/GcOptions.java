package dev.lineage.maintenance;

import dev.lineage.InvalidInputException;
import java.time.Duration;

/**
 * How {@link Maintenance#gc} runs. Immutable; start from {@link #defaults()} (a dry run: report, delete
 * nothing) or {@link #deleting()}, then adjust.
 *
 * @param grace objects younger than this are never deleted, whatever references them: writes in flight have
 *     not named them yet (default 1 hour)
 * @param keepSnapshots how many of the newest index snapshots are kept (default 2, at least 1)
 * @param quarantineRetention how long corrupt blobs moved to quarantine are kept as evidence (default 7 days)
 *
 * @since 0.1.0
 */
public record GcOptions(boolean dryRun, Duration grace, int keepSnapshots, Duration quarantineRetention) {
  public GcOptions {
    if (grace == null || grace.isNegative()) {
      throw new InvalidInputException("grace", "must be zero or more, was " + grace);
    }
    if (keepSnapshots < 1) {
      throw new InvalidInputException("keepSnapshots", "must be at least 1, was " + keepSnapshots);
    }
    if (quarantineRetention == null || quarantineRetention.isNegative()) {
      throw new InvalidInputException("quarantineRetention", "must be zero or more, was " + quarantineRetention);
    }
  }

  /** A dry run: reports what would be deleted, and deletes nothing. */
  public static GcOptions defaults() {
    return new GcOptions(true, Duration.ofHours(1), 2, Duration.ofDays(7));
  }

  /** Deletes what it finds. */
  public static GcOptions deleting() {
    return new GcOptions(false, Duration.ofHours(1), 2, Duration.ofDays(7));
  }

  /** These options with the grace period {@code value}: nothing younger is touched. */
  public GcOptions withGrace(Duration value) {
    return new GcOptions(dryRun, value, keepSnapshots, quarantineRetention);
  }

  /** These options keeping the newest {@code count} index snapshots. */
  public GcOptions keepingSnapshots(int count) {
    return new GcOptions(dryRun, grace, count, quarantineRetention);
  }

  /** These options keeping quarantined corrupt blobs for {@code value} before they are deleted. */
  public GcOptions withQuarantineRetention(Duration value) {
    return new GcOptions(dryRun, grace, keepSnapshots, value);
  }
}
