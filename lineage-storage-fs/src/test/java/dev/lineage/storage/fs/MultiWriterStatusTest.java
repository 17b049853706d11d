package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status rule with a writer in another JVM (an executor): whatever order the writers end in, and even if the
 * other JVM is killed with SIGKILL, a run with a loss never reads SUCCEEDED. Each step waits for the worker to say
 * it got there (a line on its stdout), never for a time.
 */
class MultiWriterStatusTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  @TempDir Path dir;
  private Process worker;

  @AfterEach
  void killWorker() {
    if (worker != null) {
      worker.destroyForcibly();
    }
  }

  /** Starts a worker attached to {@code run} and waits until its first point is durable. */
  private Worker attach(Run run) throws IOException {
    Path handleFile = dir.resolve("handle.ser");
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(handleFile))) {
      out.writeObject(run.handle());
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), StatusWriterWorker.class.getName(),
        handleFile.toString()).redirectErrorStream(true);
    worker = builder.start();
    Worker w = new Worker(worker);
    w.await("attached");
    return w;
  }

  private static final class Worker {
    final Process process;
    final BufferedReader out;
    final StringBuilder seen = new StringBuilder();

    Worker(Process process) {
      this.process = process;
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    void await(String line) throws IOException {
      for (String l = out.readLine(); l != null; l = out.readLine()) {
        seen.append(l).append('\n');
        if (l.equals(line)) {
          return;
        }
      }
      throw new AssertionError("the worker ended before saying '" + line + "':\n" + seen);
    }

    void tell(String command) throws IOException {
      Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      in.write(command + "\n");
      in.flush();
    }

    void awaitExit() throws Exception {
      await("closed");
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), seen.toString());
      assertEquals(0, process.exitValue(), seen.toString());
    }
  }

  private Lineage open(Clock clock) {
    return Lineage.builder().store(dir.resolve("store").toString()).runLease(LEASE).systemMetrics(false)
        .clock(clock).build();
  }

  @Test
  void aLossRecordedInAnotherJvmBeforeTheOwnerSucceededIsIncomplete() throws Exception {
    try (Lineage lineage = open(Clock.systemUTC())) {
      Run run = lineage.newRun("spark-app");
      Worker executor = attach(run);
      executor.tell("lose");
      executor.awaitExit();
      run.succeed();
      run.close();
      RunRecord record = lineage.runRecord(run.id());
      assertEquals(RunStatus.INCOMPLETE, record.status(), record.toString());
      assertEquals(List.of("executor 2 lost the points of partition 7"), record.trackingErrors());
      assertEquals(1, lineage.metric(run.id(), "partition_loss").size());
    }
  }

  @Test
  void aLossRecordedInAnotherJvmAfterTheOwnerSucceededIsIncomplete() throws Exception {
    try (Lineage lineage = open(Clock.systemUTC())) {
      Run run = lineage.newRun("spark-app");
      Worker executor = attach(run);
      run.succeed();
      run.close();
      assertEquals(RunStatus.RUNNING, lineage.runRecord(run.id()).status(), "the executor's writer is still open");
      executor.tell("lose");
      executor.awaitExit();
      RunRecord record = lineage.runRecord(run.id());
      assertEquals(RunStatus.INCOMPLETE, record.status(), record.toString());
      assertEquals(List.of("executor 2 lost the points of partition 7"), record.trackingErrors());
    }
  }

  @Test
  void aWriterInAnotherJvmThatClosesAfterTheOwnerLeavesTheRunSucceeded() throws Exception {
    try (Lineage lineage = open(Clock.systemUTC())) {
      Run run = lineage.newRun("spark-app");
      Worker executor = attach(run);
      run.succeed();
      run.close();
      executor.tell("close");
      executor.awaitExit();
      RunRecord record = lineage.runRecord(run.id());
      assertEquals(RunStatus.SUCCEEDED, record.status(), record.toString());
      assertEquals(1, lineage.metric(run.id(), "partition_loss").size());
    }
  }

  @Test
  void aWriterKilledWithSigkillKeepsTheRunFromSucceedingOnceItsLeaseRunsOut() throws Exception {
    Run run;
    try (Lineage lineage = open(Clock.systemUTC())) {
      run = lineage.newRun("spark-app");
      attach(run);
      worker.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertTrue(worker.waitFor(1, TimeUnit.MINUTES));
      run.succeed();
      run.close();
      assertNotEquals(RunStatus.SUCCEEDED, lineage.runRecord(run.id()).status());
    }
    // A reader whose clock is past the lease: the dead writer has been silent for longer than it promised.
    try (Lineage later = open(Clock.offset(Clock.systemUTC(), LEASE.multipliedBy(3)))) {
      RunRecord record = later.runRecord(run.id());
      assertEquals(RunStatus.INCOMPLETE, record.status(), record.toString());
      assertEquals(1, record.trackingErrors().size(), record.trackingErrors().toString());
      assertTrue(record.trackingErrors().get(0).contains("never closed"), record.trackingErrors().toString());
      assertEquals(1, later.metric(run.id(), "partition_loss").size(), "what it made durable is kept");
    }
  }
}
