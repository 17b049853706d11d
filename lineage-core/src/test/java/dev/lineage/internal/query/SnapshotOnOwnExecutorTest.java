package dev.lineage.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.internal.store.InMemoryBackend;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index snapshot is decoded partly on the Lineage's executor; a graph taken from a task running on that same
 * single-threaded executor, or after it was shut down, still completes instead of waiting on itself.
 */
class SnapshotOnOwnExecutorTest {
  @TempDir Path dir;

  @Test
  void aGraphTakenOnTheLineagesOwnSingleThreadCompletes() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/own-executor"));
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(dir).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("w")).executor(single).systemMetrics(false).build()) {
      for (int i = 0; i < 3; i++) {
        try (Run run = lineage.newRun("r" + i)) {
          run.logParam("i", i);
        }
      }
      assertTrue(lineage.publishIndex().isPresent());
      Future<Integer> count = single.submit(() -> lineage.graph().runCount());
      assertEquals(3, count.get(30, TimeUnit.SECONDS));
      single.shutdown();
      assertTrue(single.awaitTermination(10, TimeUnit.SECONDS));
      try (Lineage other = Lineage.builder().backend(backend).tempDir(dir)
          .cacheDir(dir.resolve("c2")).workDir(dir.resolve("w2")).executor(single).systemMetrics(false).build()) {
        assertEquals(3, other.graph().runCount(), "decoded on this thread when the executor refuses work");
      }
    } finally {
      single.shutdownNow();
    }
  }
}
