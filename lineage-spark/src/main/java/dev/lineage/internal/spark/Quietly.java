package dev.lineage.internal.spark;

import dev.lineage.RunWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs what the plugin records without ever failing the application for it: the first failure is logged, each one
 * is marked on the run (which can then never end SUCCEEDED), and the application goes on.
 */
final class Quietly {
  private static final System.Logger LOG = System.getLogger("dev.lineage.spark.LineagePlugin");

  private final RunWriter run;
  private final AtomicBoolean logged = new AtomicBoolean();

  Quietly(RunWriter run) {
    this.run = run;
  }

  void run(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | LinkageError e) {
      if (logged.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "Lineage could not record " + what + " of run " + run.id()
            + "; the application goes on, and the run records that its tracking is incomplete (logged once)", e);
      }
      try {
        run.markIncomplete("the Spark plugin could not record " + what + ": " + e);
      } catch (RuntimeException | LinkageError again) {
        e.addSuppressed(again);
      }
    }
  }
}
