package dev.lineage.internal.dl4j;

import dev.lineage.InvalidInputException;
import dev.lineage.Run;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs what a listener records without ever throwing into training. The first failure is logged; the run is marked
 * incomplete once, so it cannot end SUCCEEDED; training goes on, and so does recording what still can be.
 */
public final class Quietly {
  private static final System.Logger LOG = System.getLogger("dev.lineage.dl4j.LineageListener");

  private final Run run;
  private final AtomicBoolean failed = new AtomicBoolean();
  private final AtomicBoolean conflictLogged = new AtomicBoolean();

  public Quietly(Run run) {
    this.run = run;
  }

  /** Runs {@code what}; a failure (a storage error, a closed run, a library clash) is recorded, not thrown. */
  public void run(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | LinkageError e) {
      failed(what, e);
    }
  }

  /**
   * Logs each param. A value that differs from one already recorded (a second network trained in the same run)
   * is logged as a warning and kept out: the first value stands, and nothing was lost.
   */
  public void params(Map<String, Object> params) {
    params.forEach((key, value) -> {
      try {
        if (value instanceof Long l) {
          run.logParam(key, l);
        } else if (value instanceof Double d) {
          run.logParam(key, d);
        } else if (value instanceof Boolean b) {
          run.logParam(key, b);
        } else {
          run.logParam(key, String.valueOf(value));
        }
      } catch (InvalidInputException e) {
        if (conflictLogged.compareAndSet(false, true)) {
          LOG.log(System.Logger.Level.WARNING, "run " + run.id() + " already records " + key + " differently (a "
              + "second network in one run? give each its own child run): " + e.getMessage());
        }
      } catch (RuntimeException | LinkageError e) {
        failed("param " + key, e);
      }
    });
  }

  private void failed(String what, Throwable e) {
    if (failed.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "Lineage could not record " + what + " of run " + run.id()
          + "; training goes on, and the run records that its tracking is incomplete (logged once)", e);
      try {
        run.markIncomplete("the DL4J listener could not record " + what + ": " + e);
      } catch (RuntimeException | LinkageError again) {
        e.addSuppressed(again); // the run is closed or the store is gone: the log above is all that can be said
      }
    }
  }
}
