package dev.lineage.storage.fs;

import dev.lineage.testkit.JvmProcesses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four JVMs register versions of one model and race alias moves. */
class MultiProcessRegistryTest {
  @TempDir Path dir;

  @Test
  void versionsAreDenseAndTheHistoryIsOneLinearChainWithNoLostMove() throws Exception {
    int workers = 4;
    int versions = 10;
    int moves = 25;
    Path store = dir.resolve("store");
    Path go = dir.resolve("go");
    for (int w = 0; w < workers; w++) {
      Files.createDirectories(dir.resolve("w" + w));
    }
    JvmProcesses.race(RegistryRaceWorker.class, dir, go, workers, w -> new String[] {store.toString(),
        dir.resolve("w" + w).toString(), go.toString(), Integer.toString(versions), Integer.toString(moves)});

    List<Integer> claimed = new ArrayList<>();
    int succeeded = 0;
    for (int w = 0; w < workers; w++) {
      List<String> lines = Files.readAllLines(dir.resolve("w" + w).resolve("results.txt"));
      for (String v : lines.get(0).trim().split(" ")) {
        claimed.add(Integer.parseInt(v));
      }
      succeeded += Integer.parseInt(lines.get(1).split(" ")[0]);
    }
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("wd")).build()) {
      List<Integer> stored = lineage.registry().versions("race-model").stream().map(ModelVersion::version).toList();
      assertEquals(IntStream.rangeClosed(1, workers * versions).boxed().toList(), stored, "dense, no duplicates");
      assertEquals(stored, claimed.stream().sorted().collect(Collectors.toList()), "each number went to one caller");

      List<AliasMove> history = lineage.registry().aliasHistory("race-model", "production");
      assertEquals(succeeded, history.size(), "every successful move is in the history, and nothing else");
      OptionalInt previous = OptionalInt.empty();
      for (int i = 0; i < history.size(); i++) {
        AliasMove m = history.get(i);
        assertEquals(i + 1, m.sequence());
        assertEquals(previous, m.from(), "entry " + (i + 1) + " starts where the one before ended");
        previous = OptionalInt.of(m.to());
      }
      assertTrue(history.stream().map(AliasMove::principal).distinct().count() > 1, "the JVMs really raced");
    }
  }
}
