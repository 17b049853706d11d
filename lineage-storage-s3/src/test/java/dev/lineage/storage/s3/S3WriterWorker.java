package dev.lineage.storage.s3;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.testkit.JvmProcesses;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM writing runs, metrics and artifacts into a shared bucket; prints nothing, fails loudly. */
public final class S3WriterWorker {
  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String bucket = args[1];
    int worker = Integer.parseInt(args[2]);
    Path own = Files.createDirectories(Path.of(args[3]));
    Path go = Path.of(args[4]);
    S3Backend backend = S3Backend.builder().bucket(bucket).endpoint(URI.create(endpoint)).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of(args[5], args[6])).build();
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(own).cacheDir(own.resolve("c"))
        .workDir(own.resolve("w")).build()) {
      JvmProcesses.readyThenAwait(go);
      for (int r = 0; r < 5; r++) {
        try (Run run = lineage.newRun("worker-" + worker)) {
          run.logParam("worker", worker).logParam("round", r);
          for (int step = 0; step < 2_000; step++) {
            run.logMetric("loss", worker * 1000 + r + step / 10_000.0, step);
          }
          run.produce(Files.writeString(own.resolve("out-" + r), "worker " + worker + " round " + r), "out");
          run.use(Files.writeString(own.resolve("shared"), "the same bytes for everyone"), "shared");
          run.succeed();
        }
      }
    }
  }
}
