package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that writes runs using a shared dataset while other processes query the store: one run stays open
 * throughout, and every tenth run it publishes an index snapshot.
 */
public final class QueryLoadWorker {
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Path own = Path.of(args[1]);
    Path dataset = Path.of(args[2]);
    int runs = Integer.parseInt(args[3]);
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(own.resolve("cache"))
        .workDir(own.resolve("work")).tempDir(Files.createDirectories(own.resolve("tmp"))).systemMetrics(false)
        .build(); Run longRunning = lineage.newRun("long-running")) {
      longRunning.use(dataset, "dataset");
      longRunning.flush();
      for (int i = 0; i < runs; i++) {
        try (Run run = lineage.newRun("train")) {
          run.logParam("i", i);
          run.use(dataset, "dataset");
          run.produce(Files.writeString(own.resolve("model-" + i), own + " model " + i), "model");
          run.succeed();
        }
        if (i % 10 == 9) {
          lineage.publishIndex();
        }
      }
      longRunning.succeed();
    }
  }
}
