package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.UnsupportedVersionException;
import dev.lineage.WriteRefusedException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The store layer's own bounded retry of operations that failed for a reason that may pass: a storage error or
 * an unknown outcome. Backends retry their own transport; this covers what they give up on, once more, so that
 * one failed request never loses a record. Bad input, conflicts, corruption and a refused write are never retried.
 */
final class Retry {
  static final int ATTEMPTS = 4;
  private static final long BASE_MILLIS = 25;

  private Retry() {}

  static boolean transientFailure(RuntimeException e) {
    if (e instanceof UnknownOutcomeException) {
      return true;
    }
    return e instanceof StorageException && !(e instanceof CorruptObjectException)
        && !(e instanceof UnsupportedVersionException) && !(e instanceof WriteRefusedException);
  }

  /** Waits before attempt {@code next} (2, 3, ...): full jitter up to 25 ms × 4^(next-2). */
  static void pause(int next) {
    long cap = BASE_MILLIS << (2 * Math.min(next - 2, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while retrying a storage operation", e);
    }
  }

  /** Runs {@code op}, retrying transient failures up to {@link #ATTEMPTS} times; rethrows the last one. */
  static <T> T run(java.util.function.Supplier<T> op) {
    for (int attempt = 1; ; attempt++) {
      try {
        return op.get();
      } catch (RuntimeException e) {
        if (!transientFailure(e) || attempt >= ATTEMPTS) {
          throw e;
        }
        pause(attempt + 1);
      }
    }
  }
}
