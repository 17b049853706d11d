package dev.lineage.internal.env;

import dev.lineage.Fingerprint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fingerprint of this process, captured once per Lineage on a daemon thread of its own, started when the
 * Lineage opens. A run start waits for it at most {@code deadline}; past that, the run records what needs no
 * subprocess (the commit read from {@code .git}, state UNKNOWN) and later runs get the full capture.
 */
public final class FingerprintSource {
  private final CompletableFuture<Fingerprint> capture = new CompletableFuture<>();
  private final Duration deadline;
  private final Set<String> allowlist;
  private final Map<String, String> environment;
  private final Path workDir;
  private final boolean command;

  /** Starts the capture; {@code command}: whether the JVM's command is recorded. */
  public FingerprintSource(Set<String> allowlist, Map<String, String> environment, Path workDir, Duration deadline,
      boolean command) {
    this.command = command;
    this.allowlist = allowlist;
    this.environment = environment;
    this.workDir = workDir;
    this.deadline = deadline;
    Thread t = new Thread(() -> {
      try {
        capture.complete(FingerprintCapture.capture(allowlist, environment, workDir, command));
      } catch (RuntimeException | Error e) {
        capture.completeExceptionally(e);
      }
    }, "lineage-fingerprint");
    t.setDaemon(true);
    t.start();
  }

  /** The captured fingerprint, or, if it is not ready within the deadline, one that asks no subprocess. */
  public Fingerprint get() {
    try {
      return capture.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return FingerprintCapture.withoutGit(allowlist, environment, workDir, command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FingerprintCapture.withoutGit(allowlist, environment, workDir, command);
    }
  }
}

