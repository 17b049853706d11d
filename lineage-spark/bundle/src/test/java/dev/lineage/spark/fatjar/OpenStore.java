package dev.lineage.spark.fatjar;

import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.Run;

/** Opens a store and records a run, from inside a fat jar: prints what happened, exits 0 or 2. */
public final class OpenStore {
  private OpenStore() {}

  public static void main(String[] args) {
    try (Lineage lineage = Lineage.builder().store(args[0]).systemMetrics(false).build()) {
      try (Run run = lineage.newRun("from-a-fat-jar")) {
        run.logParam("ok", true);
        run.succeed();
      }
      System.out.println("opened " + lineage.store());
    } catch (LineageException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(2);
    }
  }
}
