package dev.lineage.storage.fs;

import dev.lineage.testkit.JvmProcesses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker JVMs attach to one run through its serialisable handle; the reader merges all of them. */
class MultiProcessRunTest {
  @TempDir Path dir;

  @Test
  void writersInOtherJvmsAreMergedIntoTheRun() throws Exception {
    Path store = dir.resolve("store");
    int workers = 3;
    RunId id;
    try (Lineage lineage = Lineage.open(store.toString()); Run run = lineage.newRun("spark-job")) {
      run.logParam("partitions", workers);
      Path handleFile = dir.resolve("handle.ser");
      try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(handleFile))) {
        out.writeObject(run.handle()); // what Spark does to ship it to executors
      }
      List<Process> processes = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Path log = dir.resolve("attach-" + w + ".log");
        logs.add(log);
        processes.add(JvmProcesses.start(AttachWorker.class, log, handleFile.toString(), Integer.toString(w),
            Files.createDirectories(dir.resolve("scratch")).toString()));
      }
      for (int step = 0; step < 1000; step++) {
        run.logMetric("driver-loss", 1.0 / (step + 1), step);
      }
      JvmProcesses.awaitSuccess(processes, logs);
      id = run.id();
      run.succeed();
    }
    try (Lineage lineage = Lineage.open(store.toString())) {
      RunRecord record = lineage.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, record.status());
      assertEquals(Set.of(Optional.of("part-0"), Optional.of("part-1"), Optional.of("part-2")),
          record.outputs().stream().map(Artifact::name).collect(Collectors.toSet()));
      List<MetricPoint> partitions = lineage.metric(id, "partition-loss");
      assertEquals(workers * 10_000, partitions.size());
      for (int w = 0; w < workers; w++) {
        int worker = w;
        List<MetricPoint> mine = partitions.stream().filter(p -> (int) (p.value() / 1_000_000) == worker).toList();
        assertEquals(10_000, mine.size());
        for (int step = 0; step < mine.size(); step++) {
          assertEquals(step, mine.get(step).step());
          assertEquals(worker * 1_000_000.0 + step, mine.get(step).value());
        }
      }
      assertEquals(1000, lineage.metric(id, "driver-loss").size());
    }
  }
}
