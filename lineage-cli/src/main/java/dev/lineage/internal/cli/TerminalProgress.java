package dev.lineage.internal.cli;

import dev.lineage.maintenance.Progress;
import java.io.PrintWriter;

/** A one-line progress display on stderr, redrawn at most ten times a second; nothing at all in a pipe. */
final class TerminalProgress implements Progress, AutoCloseable {
  private final PrintWriter err;
  private long lastDraw;
  private boolean drawn;

  private TerminalProgress(PrintWriter err) {
    this.err = err;
  }

  /** Progress for a terminal, or {@link Progress#NONE} when output is redirected. */
  static TerminalProgress open(PrintWriter err) {
    return new TerminalProgress(System.console() != null ? err : null);
  }

  @Override
  public void update(String phase, long done, long total) {
    if (err == null) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < 100_000_000L && done != total) {
      return;
    }
    lastDraw = now;
    drawn = true;
    String count = total >= 0 ? done + "/" + total : Long.toString(done);
    err.print("\r\033[K" + phase + " " + count);
    err.flush();
  }

  @Override
  public void close() {
    if (err != null && drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
