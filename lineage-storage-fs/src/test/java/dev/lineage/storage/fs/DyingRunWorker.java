package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM that starts a run, logs into it, and dies without closing anything, as a killed job does. */
public final class DyingRunWorker {
  public static void main(String[] args) throws Exception {
    Lineage lineage = Lineage.open(args[0]);
    Run run = lineage.newRun("doomed");
    run.logParam("lr", 0.1);
    run.logMetric("loss", 0.9, 0);
    run.flush();
    Files.writeString(Path.of(args[1]), run.id().toString());
    Runtime.getRuntime().halt(137); // no shutdown hooks, no close: the process is simply gone
  }
}
