package dev.lineage.internal.s3;

import dev.lineage.StorageException;
import dev.lineage.spi.RetryBudget;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The attempts of one S3 request: at most the backend's {@code maxAttempts}, within its {@code maxRetryTime}, and
 * only while the {@link RetryBudget} of the operation Lineage is running lasts, so that Lineage's retries and these
 * share one budget instead of multiplying.
 */
public final class Attempts {
  private final int max;
  private final long deadlineNanos;
  private final Optional<RetryBudget> operation;
  private int made;
  private long startedMillis;

  public Attempts(int maxAttempts, Duration maxRetryTime) {
    this.max = maxAttempts;
    this.deadlineNanos = System.nanoTime() + maxRetryTime.toNanos();
    this.operation = RetryBudget.current();
  }

  /** Called as each attempt starts. */
  public void starting() {
    made++;
    startedMillis = operation.map(RetryBudget::now).orElse(0L);
  }

  /** The attempts made so far, and what ended them: "3 attempts", "1 attempt in a retry budget of 60 s". */
  public String made() {
    String n = made + (made == 1 ? " attempt" : " attempts");
    return operation.filter(RetryBudget::exhausted).map(b -> n + " in a retry budget of " + b.budget().toSeconds()
        + " s").orElse(n);
  }

  /** Records that the attempt under way failed in a way that may pass; whether another may follow. */
  public boolean failedMayRetry() {
    operation.ifPresent(b -> b.failed(startedMillis));
    return made < max && System.nanoTime() <= deadlineNanos && !operation.map(RetryBudget::exhausted).orElse(false);
  }

  /** Waits before the next attempt: full jitter up to min(5 s, 100 ms × 2^attempts), never past the budget. */
  public void backoff() {
    long cap = Math.min(5_000, 100L << Math.min(made, 16));
    cap = Math.min(cap, operation.map(b -> b.remaining().toMillis()).orElse(cap));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while retrying", e);
    }
  }
}
