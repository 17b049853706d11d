package dev.lineage.storage.fs;

import dev.lineage.testkit.JvmProcesses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.step.StepCacheEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four JVMs race on the same 50 step keys: exactly one entry per key, and no caller fails. */
class MultiProcessStepCacheTest {
  @TempDir Path dir;

  @Test
  void racingJvmsPublishExactlyOneEntryPerKey() throws Exception {
    int workers = 4;
    int keys = 50;
    Path store = dir.resolve("store");
    Path go = dir.resolve("go");
    for (int w = 0; w < workers; w++) {
      Files.createDirectories(dir.resolve("worker-" + w));
    }
    JvmProcesses.race(StepRaceWorker.class, dir, go, workers, w -> new String[] {store.toString(),
        dir.resolve("worker-" + w).toString(), go.toString(), Integer.toString(keys)});

    int lines = 0;
    for (int w = 0; w < workers; w++) {
      lines += Files.readAllLines(dir.resolve("worker-" + w).resolve("results.txt")).size();
    }
    assertEquals(workers * keys, lines, "every caller got a result");
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("w")).build()) {
      List<StepCacheEntry> entries = lineage.stepCache().entries("race");
      assertEquals(keys, entries.size(), "exactly one entry per key");
      Set<String> distinct = entries.stream().map(e -> e.key().hex()).collect(Collectors.toSet());
      assertEquals(keys, distinct.size());
      assertTrue(entries.stream().allMatch(e -> e.outputs().containsKey("out")));
    }
  }
}
