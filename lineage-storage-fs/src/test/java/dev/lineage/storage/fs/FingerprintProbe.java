package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.RunRecord;

/** A user's main: opens a store, starts a run, and prints how long the start took and what it recorded. */
public final class FingerprintProbe {
  public static void main(String[] args) {
    try (Lineage lineage = Lineage.builder().store(args[0]).systemMetrics(false).build()) {
      long started = System.nanoTime();
      RunRecord record = lineage.run("probe", run -> lineage.runRecord(run.id()));
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.println("startMillis=" + millis);
      System.out.println("mainClass=" + record.fingerprint().mainClass().orElse(""));
      System.out.println("gitState=" + record.fingerprint().gitState());
    }
  }
}
