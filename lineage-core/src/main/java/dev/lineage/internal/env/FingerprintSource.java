package dev.lineage.internal.env;

import dev.lineage.internal.DaemonThreads;
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
  private final CompletableFuture<FingerprintCapture.Captured> capture;
  private final Duration deadline;
  private final Set<String> allowlist;
  private final Map<String, String> environment;
  private final Path workDir;
  private final boolean code;

  /** Starts the capture; {@code code}: whether the JVM's command and the working tree's state are recorded. */
  public FingerprintSource(Set<String> allowlist, Map<String, String> environment, Path workDir, Duration deadline,
      boolean code) {
    this.code = code;
    this.allowlist = allowlist;
    this.environment = environment;
    this.workDir = workDir;
    this.deadline = deadline;
    this.capture = DaemonThreads.supply("lineage-fingerprint",
        () -> FingerprintCapture.capture(allowlist, environment, workDir, code));
  }

  /**
   * The captured fingerprint and the diff it names, or, if they are not ready within the deadline, a fingerprint
   * that asks no subprocess.
   */
  public FingerprintCapture.Captured get() {
    try {
      return capture.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return FingerprintCapture.withoutGit(allowlist, environment, workDir, code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FingerprintCapture.withoutGit(allowlist, environment, workDir, code);
    }
  }
}

