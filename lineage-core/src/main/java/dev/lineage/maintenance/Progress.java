package dev.lineage.maintenance;

/**
 * Told how a long maintenance job advances, for a progress bar; called from the job's thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Progress {
  /** Reports nothing. */
  Progress NONE = (phase, done, total) -> { };

  /**
   * @param phase what the job is doing now, such as {@code "blobs"}
   * @param done how many items of the phase are done
   * @param total how many there are, or -1 if not known yet
   */
  void update(String phase, long done, long total);
}
