package dev.lineage;

/**
 * A run's state. A run is {@link #SUCCEEDED} only if it said so itself ({@link Run#succeed()} or a body that
 * returned) and every writer that logged into it (its own, other threads', other JVMs') closed having stored
 * everything it was given; a run that said so but whose records are not all stored is {@link #INCOMPLETE}.
 *
 * @since 0.1.0
 */
public enum RunStatus {
  /**
   * Still being written: no end record and a writer was heard from within the run's lease, or the run has ended
   * but a writer attached to it is still open and was heard from within the lease.
   */
  RUNNING,
  /** The run said it succeeded, and every writer closed with everything it logged stored. */
  SUCCEEDED,
  /** The run failed: its body threw, {@link Run#fail} was called, or it was closed without {@link Run#succeed()}. */
  FAILED,
  /** The run was killed ({@link Run#kill()}), or its Lineage closed while it was open. */
  KILLED,
  /**
   * The run said it succeeded, but something a writer logged was not stored: a writer recorded a loss
   * ({@link RunWriter#markIncomplete}, a failed metric or journal write), or a writer attached to the run never
   * closed and has been silent past the run's lease (its process died). {@link RunRecord#trackingErrors()} names
   * each loss. Never {@link #SUCCEEDED}, whatever order the writers ended in.
   */
  INCOMPLETE,
  /**
   * No end record, and every writer has been silent for longer than the run's lease (its process most likely
   * died). Derived when the run is read, never stored: a writer that was only paused and speaks again makes the
   * run {@link #RUNNING} again.
   */
  ABANDONED;

  /** True once the run has an end record: its status can no longer change. */
  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED || this == KILLED || this == INCOMPLETE;
  }
}
