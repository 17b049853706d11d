package dev.lineage.storage.fs;

import dev.lineage.testkit.JvmProcesses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four JVMs race put-if-absent on the same 1,000 keys of one directory. */
class MultiProcessPutTest {
  @TempDir Path dir;

  @Test
  void exactlyOneProcessWinsEachKeyAndEveryObjectIsIntact() throws Exception {
    int workers = 4;
    int keys = 1000;
    Path root = dir.resolve("store");
    Path go = dir.resolve("go");
    JvmProcesses.race(PutRaceWorker.class, dir, go, workers,
        w -> new String[] {root.toString(), "w" + w, Integer.toString(keys), go.toString()});

    Map<String, String> winner = new HashMap<>();
    for (int w = 0; w < workers; w++) {
      for (String key : Files.readAllLines(dir.resolve("won-w" + w))) {
        String previous = winner.put(key, "w" + w);
        assertEquals(null, previous, key + " won by both " + previous + " and w" + w);
      }
    }
    assertEquals(keys, winner.size(), "every key has a winner");
    FileSystemBackend backend = FileSystemBackend.open(root);
    assertEquals(keys, backend.listAll("race/").size());
    for (Map.Entry<String, String> e : winner.entrySet()) {
      try (InputStream in = backend.get(e.getKey()).orElseThrow()) {
        assertArrayEquals(PutRaceWorker.content(e.getValue(), e.getKey()), in.readAllBytes(), e.getKey());
      }
    }
    try (var tmp = Files.list(root.resolve(".tmp"))) {
      assertTrue(tmp.findAny().isEmpty(), "no temp file is left behind");
    }
    long distinctWinners = winner.values().stream().distinct().count();
    assertTrue(distinctWinners >= 2, "the JVMs really raced: winners came from " + distinctWinners + " workers");
  }
}
