package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.UnsupportedVersionException;
import dev.lineage.WriteRefusedException;
import dev.lineage.spi.RetryBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The store layer's own bounded retry of operations that failed for a reason that may pass: a storage error or
 * an unknown outcome. Backends retry their own transport; this covers what they give up on, once more, so that
 * one failed request never loses a record. Bad input, conflicts, corruption and a refused write are never retried.
 * Each operation has one {@link RetryBudget}, which the backend's retries read too: an operation that keeps
 * failing gives up once the budget has passed, however many layers retry it.
 */
final class Retry {
  static final int ATTEMPTS = 4;
  private static final long BASE_MILLIS = 25;

  private final Duration budget;
  private final Clock clock;

  Retry(Duration budget, Clock clock) {
    this.budget = budget;
    this.clock = clock;
  }

  static boolean transientFailure(RuntimeException e) {
    if (e instanceof UnknownOutcomeException) {
      return true;
    }
    return e instanceof StorageException && !(e instanceof CorruptObjectException)
        && !(e instanceof UnsupportedVersionException) && !(e instanceof WriteRefusedException);
  }

  /**
   * Runs {@code operation} under a budget: the enclosing operation's if this thread is running one (retries
   * nested in it share its budget), else a fresh one, current for the backend while it runs.
   */
  <T> T within(java.util.function.Function<RetryBudget, T> operation) {
    RetryBudget enclosing = RetryBudget.current().orElse(null);
    if (enclosing != null) {
      return operation.apply(enclosing);
    }
    RetryBudget fresh = RetryBudget.of(budget, clock);
    return fresh.apply(() -> operation.apply(fresh));
  }

  /**
   * Runs {@code op}, retrying transient failures up to {@link #ATTEMPTS} times while its budget lasts; rethrows
   * the last one.
   */
  <T> T run(Supplier<T> op) {
    return within(b -> {
      for (int attempt = 1; ; attempt++) {
        long started = b.now();
        try {
          return op.get();
        } catch (RuntimeException e) {
          if (!transientFailure(e)) {
            throw e;
          }
          b.failed(started);
          if (attempt >= ATTEMPTS || b.exhausted()) {
            throw e;
          }
          pause(attempt + 1, b);
        }
      }
    });
  }

  /**
   * Waits before attempt {@code next} (2, 3, ...): full jitter up to 25 ms × 4^(next-2), never past the budget's
   * end.
   */
  static void pause(int next, RetryBudget budget) {
    long cap = Math.min(BASE_MILLIS << (2 * Math.min(next - 2, 6)), budget.remaining().toMillis());
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while retrying a storage operation", e);
    }
  }
}
