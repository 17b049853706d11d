package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One fresh JVM whose class path is the one under test: opens the store, starts a run (timed: the caller's thread),
 * closes it (the close waits for the code capture), and prints milliseconds of {@code newRun}, of {@code newRun}
 * through the close (the capture finished by then), of the close alone, and the class path entries recorded.
 */
public final class CodeCaptureFork {
  private CodeCaptureFork() {}

  public static void main(String[] args) {
    Path store = Path.of(args[0]);
    Path cache = Path.of(args[1]);
    boolean record = Boolean.parseBoolean(args[2]);
    System.setProperty("user.home", args[3]); // the simulated user's, where ~/.m2/repository is
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(cache).systemMetrics(false)
        .recordCode(record).build()) {
      long t0 = System.nanoTime();
      Run run = lineage.newRun("capture");
      long t1 = System.nanoTime();
      RunId id = run.id();
      run.succeed();
      run.close();
      long t2 = System.nanoTime();
      int entries = lineage.classpath(id).size();
      if (record && entries == 0) {
        throw new IllegalStateException("the run recorded no class path");
      }
      System.out.printf(Locale.ROOT, "%.3f %.3f %.3f %d%n", (t1 - t0) / 1e6, (t2 - t0) / 1e6, (t2 - t1) / 1e6,
          entries);
    }
  }
}
