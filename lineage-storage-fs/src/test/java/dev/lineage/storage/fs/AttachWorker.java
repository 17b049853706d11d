package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.RunHandle;
import dev.lineage.RunWriter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A separate JVM (think: a Spark executor) that attaches to a run by its handle and logs into it. */
public final class AttachWorker {
  public static void main(String[] args) throws Exception {
    RunHandle handle;
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(args[0])))) {
      handle = (RunHandle) in.readObject();
    }
    int worker = Integer.parseInt(args[1]);
    Path scratch = Path.of(args[2]);
    try (Lineage lineage = Lineage.open(handle.store().toString());
        RunWriter writer = lineage.attach(handle)) {
      for (int step = 0; step < 10_000; step++) {
        writer.logMetric("partition-loss", worker * 1_000_000.0 + step, step);
      }
      Path out = Files.writeString(scratch.resolve("part-" + worker + ".txt"), "rows of partition " + worker);
      writer.produce(out, "part-" + worker);
    }
  }
}
