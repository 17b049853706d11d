package dev.lineage.spi;

import dev.lineage.Experimental;
import dev.lineage.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * How long one storage operation may go on retrying: until its budget has passed since the start of its first
 * failed attempt. Lineage opens one around each operation it asks of a backend ({@link #apply}), and a backend
 * that retries its own requests reads it with {@link #current()}, so that the retries of the two layers share one
 * budget instead of multiplying: a request that keeps failing gives up once the budget has passed, not after the
 * backend's attempts times Lineage's.
 *
 * <p>Time spent succeeding costs nothing: a long upload that never fails is never cut short. A backend's own
 * limits (attempts, time per request) still apply; the budget can only end retries sooner. It is bound to the
 * thread that runs the operation; a backend that hands part of an operation to other threads carries it over with
 * {@link #wrap}.
 *
 * @since 0.1.0
 */
@Experimental
public final class RetryBudget {
  /** The budget Lineage gives an operation unless told otherwise. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  private static final ThreadLocal<RetryBudget> CURRENT = new ThreadLocal<>();
  private static final long NONE = Long.MIN_VALUE;

  private final Duration budget;
  private final Clock clock;
  /** When the first failed attempt started, in the clock's millis; {@link #NONE} until one fails. */
  private final AtomicLong firstFailure = new AtomicLong(NONE);

  private RetryBudget(Duration budget, Clock clock) {
    this.budget = budget;
    this.clock = clock;
  }

  /**
   * A fresh budget of {@code budget}, its time read from {@code clock}.
   *
   * @throws InvalidInputException if {@code budget} is negative or null, or {@code clock} is null
   */
  public static RetryBudget of(Duration budget, Clock clock) {
    if (budget == null || budget.isNegative()) {
      throw new InvalidInputException("retryBudget", "must be zero or positive, was " + budget);
    }
    if (clock == null) {
      throw new InvalidInputException("clock", "must not be null");
    }
    return new RetryBudget(budget, clock);
  }

  /** The budget of the operation this thread is running, if Lineage opened one. */
  public static Optional<RetryBudget> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** How long retries may go on after the first failed attempt started. */
  public Duration budget() {
    return budget;
  }

  /** The clock's time now, in milliseconds: what a caller passes to {@link #failed} for an attempt it starts. */
  public long now() {
    return clock.millis();
  }

  /**
   * Records a failed attempt that started at {@code startedMillis} (from {@link #now}); the first one starts the
   * budget's time.
   */
  public void failed(long startedMillis) {
    firstFailure.compareAndSet(NONE, startedMillis);
  }

  /** Whether the budget has passed since the first failed attempt started: no attempt should follow. */
  public boolean exhausted() {
    return remaining().isZero();
  }

  /** How much of the budget is left: all of it until an attempt fails, never negative. */
  public Duration remaining() {
    long first = firstFailure.get();
    if (first == NONE) {
      return budget;
    }
    long left = budget.toMillis() - (clock.millis() - first);
    return left <= 0 ? Duration.ZERO : Duration.ofMillis(left);
  }

  /** Runs {@code operation} with this budget as {@link #current()} on this thread, then restores the one before. */
  public <T> T apply(Supplier<T> operation) {
    RetryBudget before = enter();
    try {
      return operation.get();
    } finally {
      restore(before);
    }
  }

  /** {@code task}, running with this budget as {@link #current()} on whichever thread runs it. */
  public <T> Callable<T> wrap(Callable<T> task) {
    return () -> {
      RetryBudget before = enter();
      try {
        return task.call();
      } finally {
        restore(before);
      }
    };
  }

  private RetryBudget enter() {
    RetryBudget before = CURRENT.get();
    CURRENT.set(this);
    return before;
  }

  private static void restore(RetryBudget before) {
    if (before == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(before);
    }
  }

  @Override
  public String toString() {
    return "RetryBudget[" + budget + ", " + remaining() + " left]";
  }
}
