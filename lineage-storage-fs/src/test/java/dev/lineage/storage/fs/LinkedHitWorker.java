package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.step.StepResult;
import dev.lineage.testkit.DocumentedKeys;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's JVM (run as a user that is not root) that computes a step in one Lineage, then hits it in another with
 * its own cache directory, and tries to overwrite the hit's output as careless code would. Prints what it saw.
 * Args: a directory it may write.
 */
public final class LinkedHitWorker {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path store = dir.resolve("store");
    for (String cache : new String[] {"cache-compute", "cache-hit"}) {
      try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve(cache))
          .workDir(dir.resolve("work-" + cache)).tempDir(dir).systemMetrics(false).build()) {
        StepResult r = lineage.step("train").codeVersion("v1").run(ctx ->
            ctx.produce(Files.writeString(ctx.outputDir().resolve("model.bin"), "weights"), "model"));
        if (!r.cacheHit()) {
          continue;
        }
        Path output = r.output("model").path();
        Path blob = store.resolve(DocumentedKeys.blob(r.output("model").artifact().digest()));
        System.out.println("uid " + Files.getAttribute(output, "unix:uid"));
        System.out.println("linked " + Files.isSameFile(output, blob));
        try {
          Files.writeString(output, "overwritten");
          System.out.println("write went through");
        } catch (AccessDeniedException refused) {
          System.out.println("write refused");
        }
        System.out.println("blob holds " + Files.readString(blob));
      }
    }
  }
}
