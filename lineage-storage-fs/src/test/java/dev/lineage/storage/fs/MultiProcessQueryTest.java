package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunStatus;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.testkit.JvmProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries from one JVM while three others write runs, keep a run open and publish index snapshots: every graph
 * is consistent, no run once seen disappears, and the last graph has every run.
 */
class MultiProcessQueryTest {
  @TempDir Path dir;

  @Test
  void queriesAreConsistentWhileOtherProcessesWriteAndPublish() throws Exception {
    int workers = 3;
    int runsEach = 40;
    Path store = dir.resolve("store");
    Path dataset = Files.writeString(dir.resolve("dataset.csv"), "x,y\n1,2\n");
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("wd")).tempDir(dir).autoIndex(15).systemMetrics(false).build()) {
      Artifact data;
      try (Run ingest = lineage.newRun("ingest")) {
        data = ingest.produce(dataset, "dataset");
      }
      List<Process> processes = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Path own = Files.createDirectories(dir.resolve("w" + w));
        logs.add(own.resolve("worker.log"));
        processes.add(JvmProcesses.start(QueryLoadWorker.class, logs.get(w), store.toString(), own.toString(),
            dataset.toString(), Integer.toString(runsEach)));
      }
      Set<RunId> seen = new HashSet<>();
      int graphs = 0;
      while (processes.stream().anyMatch(Process::isAlive) || graphs == 0) {
        LineageGraph g = lineage.graph();
        graphs++;
        List<RunId> consumers = g.consumers(data.digest());
        assertEquals(new HashSet<>(consumers), g.downstream(Node.artifact(data.digest()), 1).runs().keySet());
        for (RunId id : consumers) {
          assertTrue(g.run(id).inputs().stream().anyMatch(a -> a.digest().equals(data.digest())));
        }
        for (RunId id : seen) {
          g.run(id); // throws if a run seen by an earlier graph is missing
        }
        seen.addAll(consumers);
      }
      JvmProcesses.awaitSuccess(processes, logs);
      LineageGraph last = lineage.graph();
      assertEquals(1 + workers * (runsEach + 1), last.runCount());
      List<RunId> consumers = last.consumers(data.digest());
      assertEquals(workers * (runsEach + 1), consumers.size());
      for (RunId id : consumers) {
        assertEquals(RunStatus.SUCCEEDED, last.run(id).status());
        assertTrue(last.upstream(Node.run(id)).hasArtifact(data.digest()));
      }
      assertTrue(graphs > 1, "queried while the writers wrote (" + graphs + " graphs)");
      try (var snapshots = Files.list(store.resolve("index/v2"))) {
        assertTrue(snapshots.count() > 1, "snapshots were published while queries ran");
      }
    }
  }
}
