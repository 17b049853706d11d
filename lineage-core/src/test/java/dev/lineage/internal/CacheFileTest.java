package dev.lineage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache file appends, reads back what it appended, and rewrites itself from its owner's state at its bound. */
class CacheFileTest {
  @TempDir Path dir;

  @Test
  void appendsUntilItsBoundThenRewritesFromTheOwnersState() throws IOException {
    Map<String, String> state = new LinkedHashMap<>();
    CacheFile file = CacheFile.open(dir, "c.tsv", "test cache", 3, line -> { });
    for (String key : List.of("a", "b", "a", "c")) {
      state.put(key, key + "=" + state.size());
      String line = key + "\t" + state.get(key) + "\n";
      file.append(line, () -> state.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue() + "\n"));
    }
    assertEquals(List.of("a\ta=2", "b\tb=1", "c\tc=2"), Files.readAllLines(dir.resolve("c.tsv")),
        "three lines appended, then the fourth write rewrote the file from the state");

    List<String> read = new ArrayList<>();
    CacheFile.open(dir, "c.tsv", "test cache", 3, read::add).read();
    assertEquals(Files.readAllLines(dir.resolve("c.tsv")), read);
    int[] rewrites = {0};
    for (String key : List.of("d", "e")) {
      state.put(key, key + "=" + state.size());
      file.append(key + "\t" + state.get(key) + "\n", () -> {
        rewrites[0]++;
        return state.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue() + "\n");
      });
    }
    assertEquals(0, rewrites[0], "a state as large as the bound is appended to, not rewritten on every write");
    assertEquals(List.of("a\ta=2", "b\tb=1", "c\tc=2", "d\td=3", "e\te=4"), Files.readAllLines(dir.resolve("c.tsv")));
  }

  @Test
  void anUnreadableFileStartsEmptyAndNoneKeepsNothing() throws IOException {
    Files.createDirectories(dir.resolve("c.tsv")); // a directory where the file should be
    List<String> read = new ArrayList<>();
    CacheFile.open(dir, "c.tsv", "test cache", 10, read::add).read();
    assertEquals(List.of(), read);
    CacheFile.none().append("x\n", () -> { throw new AssertionError("nothing to rewrite"); });
  }

  @Test
  void nothingIsReadOrCreatedBeforeTheFirstUseAndTheFileIsReadOnce() throws IOException {
    Path cacheDir = Files.createDirectories(dir.resolve("cache"));
    Files.writeString(cacheDir.resolve("c.tsv"), "a\t1\nb\t2\n");
    List<String> read = new ArrayList<>();
    CacheFile file = CacheFile.open(cacheDir, "c.tsv", "test cache", 10, read::add);
    assertEquals(List.of(), read, "opening reads nothing");
    file.read();
    file.read();
    assertEquals(List.of("a\t1", "b\t2"), read, "the first use reads every line, once");
    List<String> appendedFirst = new ArrayList<>();
    CacheFile other = CacheFile.open(cacheDir, "c.tsv", "test cache", 10, appendedFirst::add);
    other.append("c\t3\n", () -> { throw new AssertionError("below the bound: nothing to rewrite"); });
    assertEquals(List.of("a\t1", "b\t2"), appendedFirst, "an append reads the file first");
    CacheFile.open(dir.resolve("never"), "c.tsv", "test cache", 10, read::add);
    assertFalse(Files.exists(dir.resolve("never")), "an unused cache creates no directory");
  }
}
