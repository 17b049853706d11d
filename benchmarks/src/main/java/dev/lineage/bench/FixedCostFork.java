package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One fresh JVM's view of a run's fixed costs on an existing store, through the public API alone: how long the JVM
 * took to reach {@code main}, then {@code Lineage} open, {@code newRun}, the run's close until durable and the
 * Lineage's close, each timed on its own, first cold and then warm (the same again {@code warm} times in this JVM,
 * medians). With {@code baseline} it prints the floors instead: the JVM reaching {@code main}, and one small file
 * written and forced to disk (what a durable close cannot beat).
 */
public final class FixedCostFork {
  private FixedCostFork() {}

  public static void main(String[] args) throws Exception {
    double toMain = (System.currentTimeMillis()
        - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1.0;
    Path store = Path.of(args[0]);
    Path scratch = Files.createTempDirectory(Path.of(args[1]), "fixed");
    int warm = Integer.parseInt(args[2]);
    if (args.length > 4 && args[4].equals("baseline")) {
      double first = durableWrite(scratch, 0);
      double[] again = new double[warm];
      for (int i = 0; i < warm; i++) {
        again[i] = durableWrite(scratch, i + 1);
      }
      System.out.printf(Locale.ROOT, "%.1f %.3f %.3f%n", toMain, first, Stats.median(again));
      return;
    }
    Path cache = Path.of(args[3]); // shared by the forks, as a user's hash cache is by their runs
    double[] cold = once(store, scratch, cache);
    double[][] warmed = new double[4][warm];
    for (int i = 0; i < warm; i++) {
      double[] t = once(store, scratch, cache);
      for (int m = 0; m < 4; m++) {
        warmed[m][i] = t[m];
      }
    }
    System.out.printf(Locale.ROOT, "%.1f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f%n", toMain, cold[0], cold[1],
        cold[2], cold[3], Stats.median(warmed[0]), Stats.median(warmed[1]), Stats.median(warmed[2]),
        Stats.median(warmed[3]));
  }

  /** Milliseconds of open, newRun, the run's close (durable) and the Lineage's close, as a user's program pays them. */
  private static double[] once(Path store, Path scratch, Path cache) throws Exception {
    long t0 = System.nanoTime();
    Lineage lineage = Lineage.builder().store(store.toString()).createStore(false).cacheDir(cache).tempDir(scratch)
        .build();
    long t1 = System.nanoTime();
    Run run = lineage.newRun("fixed-cost");
    long t2 = System.nanoTime();
    run.succeed();
    run.close();
    long t3 = System.nanoTime();
    lineage.close();
    long t4 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6};
  }

  private static double durableWrite(Path dir, int i) throws IOException {
    long start = System.nanoTime();
    try (FileChannel c = FileChannel.open(dir.resolve("floor-" + i), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap(new byte[512]));
      c.force(true);
    }
    return (System.nanoTime() - start) / 1e6;
  }
}
