package dev.lineage;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs what an integration records (a training listener, a Spark plugin) without ever throwing into the user's
 * work: a failure (a storage error, a closed run, a library clash such as a {@link LinkageError}) is logged once
 * and marked on the run with {@link RunWriter#markIncomplete}, so the run can never read SUCCEEDED, and the work
 * goes on. Thread-safe.
 *
 * <pre>{@code
 * FailSafe quietly = FailSafe.of(run, "the DL4J listener", "training", "dev.lineage.dl4j.LineageListener");
 * quietly.run("the network configuration", () -> run.use("configuration", json));
 * }</pre>
 *
 * @since 0.1.0
 */
@Experimental
public final class FailSafe {
  private final RunWriter run;
  private final String who;
  private final String work;
  private final System.Logger log;
  private final AtomicBoolean logged = new AtomicBoolean();

  private FailSafe(RunWriter run, String who, String work, System.Logger log) {
    this.run = run;
    this.who = who;
    this.work = work;
    this.log = log;
  }

  /**
   * A fail-safe recorder for {@code run}.
   *
   * @param who what records, named in the log and in the run's tracking errors ("the Spark plugin")
   * @param work what goes on regardless ("the application", "training")
   * @param logger the name of the logger its one warning goes to
   * @throws InvalidInputException if an argument is null or blank
   */
  public static FailSafe of(RunWriter run, String who, String work, String logger) {
    if (run == null) {
      throw new InvalidInputException("run", "must not be null");
    }
    for (String[] field : new String[][] {{"who", who}, {"work", work}, {"logger", logger}}) {
      if (field[1] == null || field[1].isBlank()) {
        throw new InvalidInputException(field[0], "must not be blank");
      }
    }
    return new FailSafe(run, who, work, System.getLogger(logger));
  }

  /** Runs {@code action}, which records {@code what}; a failure is logged (the first one) and marked, not thrown. */
  public void run(String what, Runnable action) {
    Objects.requireNonNull(action, "action");
    try {
      action.run();
    } catch (RuntimeException | LinkageError e) {
      failed(what, e);
    }
  }

  /** Logs (the first time) and marks on the run that {@code what} could not be recorded because of {@code e}. */
  public void failed(String what, Throwable e) {
    if (logged.compareAndSet(false, true)) {
      log.log(System.Logger.Level.WARNING, "Lineage could not record " + what + " of run " + run.id() + "; " + work
          + " goes on, and the run records that its tracking is incomplete (logged once)", e);
    }
    try {
      run.markIncomplete(who + " could not record " + what + ": " + e);
    } catch (RuntimeException | LinkageError again) {
      e.addSuppressed(again); // the run is closed or the store is gone: the log above is all that can be said
    }
  }

  /** Whether anything could not be recorded so far. */
  public boolean failedAny() {
    return logged.get();
  }
}
