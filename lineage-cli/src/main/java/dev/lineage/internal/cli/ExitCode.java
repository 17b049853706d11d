package dev.lineage.internal.cli;

/** The documented exit statuses (docs/cli.md). */
final class ExitCode {
  static final int OK = 0;
  /** A run, artifact, model or alias that does not exist, or a compare-and-set someone else won. */
  static final int NOT_FOUND_OR_CONFLICT = 1;
  static final int USAGE = 2;
  /** The store cannot be opened, read or written, or holds a damaged object the command needed. */
  static final int STORAGE = 3;
  /** {@code lineage rerun}: the rerun came out other than the run (its outputs, params or metrics differ). */
  static final int DIFFERS = 4;
  /** A bug of ours: the message asks for a report. */
  static final int INTERNAL = 70;

  private ExitCode() {}
}
