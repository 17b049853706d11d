package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.step.StepResult;
import dev.lineage.testkit.JvmProcesses;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM running the same 50 cached steps as its rivals; prints one line per step: key, hit or miss. */
public final class StepRaceWorker {
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Path own = Path.of(args[1]);
    Path go = Path.of(args[2]);
    int keys = Integer.parseInt(args[3]);
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(own.resolve("cache"))
        .workDir(own.resolve("work")).tempDir(Files.createDirectories(own.resolve("tmp"))).build()) {
      JvmProcesses.readyThenAwait(go);
      StringBuilder out = new StringBuilder();
      for (int k = 0; k < keys; k++) {
        int key = k;
        StepResult r = lineage.step("race").param("k", key).codeVersion("v1").run(ctx -> {
          Thread.sleep(5); // widen the window in which rivals compute the same key
          ctx.produce(Files.writeString(ctx.outputDir().resolve("out.txt"), "result of " + key), "out");
        });
        String content = Files.readString(r.output("out").path());
        if (!content.equals("result of " + key)) {
          throw new IllegalStateException("wrong output for " + key + ": " + content);
        }
        out.append(key).append(' ').append(r.cacheHit() ? "hit" : "miss").append('\n');
      }
      Files.writeString(own.resolve("results.txt"), out.toString());
    }
  }
}
