package dev.lineage.storage.s3;

import dev.lineage.Lineage;
import dev.lineage.RunHandle;
import dev.lineage.RunWriter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An executor-like JVM: it is given nothing but a serialised run handle (and credentials in its environment, as
 * an executor has), reopens the store from the handle's URI alone, and logs into the run.
 */
public final class S3HandleWorker {
  public static void main(String[] args) throws Exception {
    RunHandle handle;
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(args[0])))) {
      handle = (RunHandle) in.readObject();
    }
    Path own = Files.createDirectories(Path.of(args[1]));
    try (Lineage lineage = Lineage.builder().store(handle.store().toString()).tempDir(own).cacheDir(own.resolve("c"))
        .workDir(own.resolve("w")).systemMetrics(false).build(); RunWriter writer = lineage.attach(handle)) {
      for (int step = 0; step < 100; step++) {
        writer.logMetric("executor-loss", step / 100.0, step);
      }
    }
  }
}
