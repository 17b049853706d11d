package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM that starts a run, logs into it, and dies without closing anything, as a killed job does. With
 * {@code flush} it flushes first; without, it only waits {@code waitMillis} before dying, as a job killed a few
 * seconds in does.
 */
public final class DyingRunWorker {
  public static void main(String[] args) throws Exception {
    Lineage lineage = Lineage.builder().store(args[0]).runLease(Duration.ofSeconds(2)).systemMetrics(false).build();
    Run run = lineage.newRun("doomed");
    run.logParam("lr", 0.1);
    run.setTag("team", "ml");
    run.logMetric("loss", 0.9, 0);
    if (args[2].equals("flush")) {
      run.flush();
    } else {
      Thread.sleep(Long.parseLong(args[2]));
    }
    Files.writeString(Path.of(args[1]), run.id().toString());
    Runtime.getRuntime().halt(137); // no shutdown hooks, no close: the process is simply gone
  }
}
