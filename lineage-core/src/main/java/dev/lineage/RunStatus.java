package dev.lineage;

/**
 * A run's state. A run is {@link #SUCCEEDED} only if it said so itself ({@link Run#succeed()} or a body that
 * returned); a run whose records could not all be stored never is.
 */
public enum RunStatus {
  /** No end record, and a writer was heard from within the run's lease. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  /**
   * No end record, and every writer has been silent for longer than the run's lease (its process most likely
   * died). Derived when the run is read, never stored: a writer that was only paused and speaks again makes the
   * run {@link #RUNNING} again.
   */
  ABANDONED;

  /** True once the run has an end record: its status can no longer change. */
  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED || this == KILLED;
  }
}
