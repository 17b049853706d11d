package dev.lineage.internal.run;

import dev.lineage.Artifact;
import dev.lineage.ClasspathEntry;
import dev.lineage.InvalidInputException;
import dev.lineage.internal.DaemonThreads;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.env.ClasspathScan;
import dev.lineage.internal.store.BlobObjects;
import dev.lineage.internal.store.ClasspathDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Captures the class path by content once per Lineage, on a daemon thread started by its first run, and records
 * it into each run: at once if it is ready, else when the flush timer finds it ready, at the latest when the run
 * closes. The user's code is stored before the manifest that names it, so a run never names content the store
 * lacks; a library jar is recorded by coordinates and digest only (docs/reproduce.md).
 */
final class CodeCapture {
  /** How long a closing run waits for a capture still under way before it records that its code is missing. */
  static final Duration CLOSE_WAIT = Duration.ofMinutes(10);

  private final Store store;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final String classpath;
  private final Path workDir;
  private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
  private volatile CompletableFuture<Captured> capture;

  /** The stored manifest, and how many entries it lists. */
  record Captured(Artifact manifest, int entries) {}

  CodeCapture(Store store, ArtifactStore artifacts, Clock clock, String classpath, Path workDir) {
    this.store = store;
    this.artifacts = artifacts;
    this.clock = clock;
    this.classpath = classpath;
    this.workDir = workDir;
  }

  /** Arranges for {@code run}'s code to be recorded; starts the capture if this is the first run. */
  void attach(DefaultRun run) {
    CompletableFuture<Captured> f = started(Thread.currentThread().getContextClassLoader());
    Pending p = new Pending(run, f);
    run.onClosing(p::recordWaiting);
    if (f.isDone()) {
      p.recordIfReady();
    } else {
      pending.add(p);
    }
  }

  /** Records the code into every waiting run once it is ready (the flush timer calls this). */
  void recordReady() {
    CompletableFuture<Captured> f = capture;
    if (f != null && f.isDone()) {
      for (Pending p : List.copyOf(pending)) {
        p.recordIfReady();
      }
    }
  }

  /** Starts the capture once, with the class loader of the thread that started the first run. */
  private CompletableFuture<Captured> started(ClassLoader loader) {
    CompletableFuture<Captured> f = capture;
    if (f == null) {
      synchronized (this) {
        f = capture;
        if (f == null) {
          capture = f = DaemonThreads.supply("lineage-code", () -> capture(loader));
        }
      }
    }
    return f;
  }

  private Captured capture(ClassLoader loader) {
    BlobObjects.ReuseGuard guard = () -> store.locks().awaitNone();
    List<ClasspathDoc.Entry> entries = new ArrayList<>();
    for (ClasspathScan.Scanned s : ClasspathScan.scan(classpath, ClasspathScan.loaderEntries(loader), workDir,
        artifacts)) {
      Artifact content = s.content().orElse(null);
      boolean stored = false;
      if (s.storable()) {
        try {
          content = artifacts.storeDescribed(s.path().orElseThrow(), content, guard);
          stored = true;
        } catch (InvalidInputException changedWhileStored) {
          // recorded by the digest it had when hashed; what is stored is only ever what that digest names
        }
      }
      entries.add(ClasspathDoc.Entry.of(new ClasspathEntry(s.given(), java.util.Optional.ofNullable(content),
          s.coordinates(), stored, s.fromLoader())));
    }
    return new Captured(store.blobs().putClasspath(new ClasspathDoc(entries), guard), entries.size());
  }

  /** One run waiting for the capture; its code is recorded once, by the timer or by its own close. */
  private final class Pending {
    private final DefaultRun run;
    private final CompletableFuture<Captured> capture;
    private boolean recorded;

    Pending(DefaultRun run, CompletableFuture<Captured> capture) {
      this.run = run;
      this.capture = capture;
    }

    synchronized void recordIfReady() {
      if (!recorded && capture.isDone() && !capture.isCompletedExceptionally()) {
        record(capture.join()); // a failed capture is reported when the run closes
      }
    }

    /** The run is closing: wait for the capture (bounded), and say so in the run if it never came. */
    synchronized void recordWaiting() {
      if (recorded) {
        return;
      }
      try {
        record(capture.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        giveUp("the run's code was not captured within " + CLOSE_WAIT.toMinutes() + " minutes of its close");
      } catch (ExecutionException e) {
        giveUp("the run's code could not be recorded: " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        giveUp("the run's code could not be recorded: interrupted while the run closed");
      }
    }

    private void record(Captured captured) {
      recorded = true;
      pending.remove(this);
      run.recordFact(new JournalEvent.Code(clock.millis(), captured.manifest().digest().toString(),
          captured.manifest().size(), captured.entries()));
    }

    private void giveUp(String why) {
      recorded = true;
      pending.remove(this);
      run.markIncomplete(why);
    }
  }
}
