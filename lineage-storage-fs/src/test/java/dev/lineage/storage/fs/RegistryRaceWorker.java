package dev.lineage.storage.fs;

import dev.lineage.Artifact;
import dev.lineage.ConflictException;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelVersion;
import dev.lineage.testkit.JvmProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/** A JVM that registers versions of one model and races its rivals to move the production alias. */
public final class RegistryRaceWorker {
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Path own = Path.of(args[1]);
    Path go = Path.of(args[2]);
    int versions = Integer.parseInt(args[3]);
    int moves = Integer.parseInt(args[4]);
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(own.resolve("cache"))
        .workDir(own.resolve("work")).tempDir(Files.createDirectories(own.resolve("tmp")))
        .principal("worker-" + own.getFileName()).build()) {
      List<Artifact> models = new ArrayList<>();
      try (Run run = lineage.newRun("train")) {
        for (int i = 0; i < versions; i++) {
          models.add(run.produce(Files.writeString(own.resolve("model-" + i), own + " model " + i), "model"));
        }
      }
      JvmProcesses.readyThenAwait(go);
      List<Integer> mine = new ArrayList<>();
      for (Artifact model : models) {
        ModelVersion v = lineage.registry().register("race-model", model);
        mine.add(v.version());
      }
      Random random = new Random(own.hashCode());
      int succeeded = 0;
      int conflicts = 0;
      for (int i = 0; i < moves; i++) {
        OptionalInt current = lineage.registry().alias("race-model", "production")
            .map(v -> OptionalInt.of(v.version())).orElse(OptionalInt.empty());
        int target = mine.get(random.nextInt(mine.size()));
        try {
          lineage.registry().moveAlias(AliasMoveRequest.builder("race-model", "production").expected(current)
              .to(target).reason("move " + i).source(own.getFileName().toString()).build());
          succeeded++;
        } catch (ConflictException lost) {
          conflicts++;
        }
      }
      StringBuilder out = new StringBuilder();
      mine.forEach(v -> out.append(v).append(' '));
      out.append('\n').append(succeeded).append(' ').append(conflicts).append('\n');
      Files.writeString(own.resolve("results.txt"), out.toString());
    }
  }
}
