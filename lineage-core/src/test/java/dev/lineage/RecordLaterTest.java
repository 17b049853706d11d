package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.internal.store.InMemoryBackend;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work handed to {@link Run#recordLater} runs off the caller's thread, and the run's close finishes it first: run
 * there when no thread has started it, waited for when one has; a failure marks the run, never throws.
 */
class RecordLaterTest {
  @TempDir Path tmp;

  /** Holds every task until the test runs it: nothing runs behind the test's back. */
  private static final class HeldExecutor implements Executor {
    final Queue<Runnable> held = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      held.add(task);
    }

    synchronized void runHeld() {
      while (!held.isEmpty()) {
        held.poll().run();
      }
    }
  }

  private Lineage open(InMemoryBackend backend, Executor executor) {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).systemMetrics(false)
        .executor(executor).build();
  }

  @Test
  void workNoThreadStartedIsRunByCloseAndNothingIsLost() {
    HeldExecutor executor = new HeldExecutor();
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/later"));
    try (Lineage lineage = open(backend, executor)) {
      RunId id;
      Thread caller = Thread.currentThread();
      Thread[] ranOn = new Thread[1];
      try (Run run = lineage.newRun("train")) {
        id = run.id();
        run.recordLater("the configuration", () -> {
          ranOn[0] = Thread.currentThread();
          run.logParam("layers", 3);
        });
        assertEquals(null, ranOn[0], "the caller goes on before the work runs");
        run.succeed();
      }
      assertEquals(caller, ranOn[0], "close ran what no thread had started");
      RunRecord r = lineage.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, r.status());
      assertEquals(3L, r.params().get("layers").asLong());
      executor.runHeld(); // the held copy is a no-op now: the work ran once
      assertEquals(1, lineage.runRecord(id).params().size());
    }
  }

  @Test
  void closeWaitsForWorkAnotherThreadIsRunning() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Executor ownThread = task -> new Thread(task, "recorder").start();
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/waits"));
    try (Lineage lineage = open(backend, ownThread)) {
      Run run = lineage.newRun("train");
      run.recordLater("the configuration", () -> {
        started.countDown();
        try {
          assertTrue(release.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        run.logParam("layers", 3);
      });
      assertTrue(started.await(30, TimeUnit.SECONDS));
      Thread closer = new Thread(() -> {
        run.succeed();
        run.close();
      });
      closer.start();
      // The closer must still be waiting on the running work: its state says so without any timing.
      while (closer.getState() != Thread.State.WAITING) {
        assertTrue(closer.isAlive(), "close returned before the work it must wait for finished");
        Thread.onSpinWait();
      }
      assertEquals(RunStatus.RUNNING, lineage.runRecord(run.id()).status());
      release.countDown();
      closer.join();
      RunRecord r = lineage.runRecord(run.id());
      assertEquals(RunStatus.SUCCEEDED, r.status());
      assertEquals(3L, r.params().get("layers").asLong());
    }
  }

  @Test
  void aFailureMarksTheRunAndIsNotThrown() {
    HeldExecutor executor = new HeldExecutor();
    try (Lineage lineage = open(new InMemoryBackend(URI.create("mem:/fails")), executor)) {
      RunId id;
      try (Run run = lineage.newRun("train")) {
        id = run.id();
        run.recordLater("the configuration", () -> {
          throw new IllegalStateException("serialiser broke");
        });
        executor.runHeld();
        run.succeed();
      }
      RunRecord r = lineage.runRecord(id);
      assertEquals(RunStatus.INCOMPLETE, r.status());
      assertTrue(r.trackingErrors().toString().contains("the configuration could not be recorded"), r.toString());
      Run closed = lineage.newRun("other");
      closed.close();
      assertThrows(InvalidInputException.class, () -> closed.recordLater("x", () -> { }));
      assertThrows(InvalidInputException.class, () -> lineage.run("blank", r2 -> {
        r2.recordLater(" ", () -> { });
        return null;
      }));
    }
  }
}
