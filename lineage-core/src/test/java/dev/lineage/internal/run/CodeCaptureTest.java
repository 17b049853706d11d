package dev.lineage.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.ClasspathEntry;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.StorageException;
import dev.lineage.internal.store.ForwardingMemoryBackend;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path is captured off the caller's thread and recorded into each run when ready: a run start never
 * waits for it, a running run shows it once captured, a closing run waits for it, and a capture that fails makes
 * the run INCOMPLETE, never SUCCEEDED without its code.
 */
class CodeCaptureTest {
  @TempDir Path tmp;

  /** Holds the capture's writes (and only the capture's, by its thread) until the test lets them through. */
  private static final class HeldCapture extends ForwardingMemoryBackend {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean fail;

    HeldCapture(String name) {
      super(new InMemoryBackend(URI.create("mem:/" + name)));
    }

    @Override
    public PutResult putIfAbsent(String key, Payload payload) {
      if (Thread.currentThread().getName().equals("lineage-code")) {
        reached.countDown();
        if (fail) {
          throw new StorageException("the disk is full");
        }
        try {
          assertTrue(release.await(60, TimeUnit.SECONDS), "the test released the capture");
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return super.putIfAbsent(key, payload);
    }
  }

  private Lineage open(ForwardingMemoryBackend backend, Duration flushInterval) {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).systemMetrics(false)
        .recordCode(true).flushInterval(flushInterval).build();
  }

  @Test
  void theRunStartNeverWaitsAndTheCloseRecordsTheCode() throws Exception {
    HeldCapture backend = new HeldCapture("held");
    try (Lineage lineage = open(backend, Duration.ofHours(1))) {
      RunId id;
      try (Run run = lineage.newRun("train")) {
        id = run.id();
        assertTrue(backend.reached.await(60, TimeUnit.SECONDS), "the capture was under way when newRun returned");
        assertTrue(lineage.runRecord(id).fingerprint().classpath().isEmpty(), "nothing recorded while it is held");
        run.succeed();
        backend.release.countDown(); // the close waits for the capture from here
      }
      RunRecord r = lineage.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, r.status());
      assertTrue(r.fingerprint().classpath().isPresent(), "the close recorded the code");
      List<ClasspathEntry> entries = lineage.classpath(id);
      List<String> given = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
      assertEquals(given, entries.stream().map(ClasspathEntry::path).toList(), "every entry, in order");
      ClasspathEntry testClasses = entries.stream().filter(e -> e.path().endsWith("test-classes")).findFirst()
          .orElseThrow();
      assertTrue(testClasses.stored() && testClasses.coordinates().isEmpty(), "the user's classes are stored");
      assertTrue(entries.stream().anyMatch(e -> e.coordinates().orElse("").startsWith("org.junit.jupiter:")),
          "a released library is known by its coordinates: " + entries);
      assertTrue(entries.stream().filter(e -> e.coordinates().isPresent()).noneMatch(ClasspathEntry::stored));
    }
  }

  @Test
  void aRunningRunShowsItsCodeOnceCapturedAndTheNextRunAtOnce() throws Exception {
    HeldCapture backend = new HeldCapture("running");
    try (Lineage lineage = open(backend, Duration.ofMillis(20))) {
      try (Run run = lineage.newRun("train")) {
        assertTrue(backend.reached.await(60, TimeUnit.SECONDS));
        backend.release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lineage.runRecord(run.id()).fingerprint().classpath().isEmpty()) {
          assertTrue(System.nanoTime() < deadline, "the running run never showed its code");
          // Polled: the flush timer records the code and commits it with the journal, and no public signal says when
          // a read will see it (a latch on the batch's put fired before the record showed it). The deadline, not
          // the pause, decides: a run that never shows its code fails.
          Thread.sleep(10);
        }
        run.succeed();
        try (Run next = lineage.newRun("evaluate")) {
          next.flush(); // what the start recorded, without waiting for its close
          assertEquals(lineage.runRecord(run.id()).fingerprint().classpath(),
              lineage.runRecord(next.id()).fingerprint().classpath(), "recorded at its start, the same manifest");
          next.succeed();
        }
      }
    }
  }

  @Test
  void aCaptureThatFailsMakesTheRunIncomplete() throws Exception {
    HeldCapture backend = new HeldCapture("fails");
    backend.fail = true;
    try (Lineage lineage = open(backend, Duration.ofHours(1))) {
      RunId id;
      try (Run run = lineage.newRun("train")) {
        id = run.id();
        run.succeed();
      }
      RunRecord r = lineage.runRecord(id);
      assertEquals(RunStatus.INCOMPLETE, r.status());
      assertTrue(r.failure().orElseThrow().contains("the run's code could not be recorded"), r.failure().get());
      assertTrue(r.failure().get().contains("the disk is full"), r.failure().get());
      assertFalse(r.fingerprint().classpath().isPresent());
    }
  }

  @Test
  void codeALauncherLoadedIsCapturedFromItsClassLoader() throws Exception {
    // As mvn exec:java runs a program: on a thread of its own, in a class loader over the program's class path.
    java.nio.file.Path classes = java.nio.file.Files.createDirectories(tmp.resolve("launched/classes"));
    java.nio.file.Files.writeString(classes.resolve("Train.class"), "bytecode");
    HeldCapture backend = new HeldCapture("launched");
    backend.release.countDown();
    try (Lineage lineage = open(backend, Duration.ofHours(1));
        java.net.URLClassLoader realm = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
            ClassLoader.getSystemClassLoader())) {
      RunId[] id = new RunId[1];
      Thread launched = new Thread(() -> id[0] = lineage.run("train", Run::id));
      launched.setContextClassLoader(realm);
      launched.start();
      launched.join();
      List<ClasspathEntry> entries = lineage.classpath(id[0]);
      ClasspathEntry last = entries.get(entries.size() - 1);
      assertEquals(classes.toString(), last.path());
      assertTrue(last.fromLoader() && last.stored(), last.toString());
      assertTrue(entries.subList(0, entries.size() - 1).stream().noneMatch(ClasspathEntry::fromLoader));
    }
  }

  @Test
  void turnedOffNothingIsCapturedOrStored() {
    HeldCapture backend = new HeldCapture("off");
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .systemMetrics(false).recordCode(false).build()) {
      RunRecord r = lineage.run("train", run -> lineage.runRecord(run.id()));
      assertTrue(lineage.runRecord(r.id()).fingerprint().classpath().isEmpty());
      assertEquals(List.of(), lineage.classpath(r.id()));
      assertEquals(1, backend.reached.getCount(), "no capture thread wrote anything");
    }
  }

  @Test
  void theSameCodeIsOneManifestAcrossLineages() {
    InMemoryBackend shared = new InMemoryBackend(URI.create("mem:/shared"));
    RunRecord first;
    RunRecord second;
    RunId a;
    try (Lineage lineage = open(new ForwardingMemoryBackend(shared), Duration.ofHours(1))) {
      a = lineage.run("a", Run::id);
    }
    long blobs = shared.list("blobs/", null, 100_000).objects().size();
    try (Lineage lineage = open(new ForwardingMemoryBackend(shared), Duration.ofHours(1))) {
      RunId id = lineage.run("b", Run::id);
      second = lineage.runRecord(id);
      first = lineage.runRecord(a);
    }
    assertEquals(first.fingerprint().classpath(), second.fingerprint().classpath());
    assertNotEquals(0, blobs);
    assertEquals(blobs, shared.list("blobs/", null, 100_000).objects().size(), "unchanged code adds no blob");
  }
}
