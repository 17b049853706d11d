package dev.lineage.internal.run;

import java.util.Optional;

/**
 * One writer's running sums of input wait (intervals, nanoseconds waited, nanoseconds computed), added to by the
 * caller and read by the flush, which journals them only when they changed: the journal holds cumulative sums,
 * so the last event of each writer is its total (docs/storage-format.md).
 */
final class InputWaitSums {
  private long intervals;
  private long waited;
  private long computed;
  private long journaledIntervals;

  synchronized void add(long waitedNanos, long computedNanos) {
    intervals++;
    waited = saturatedAdd(waited, waitedNanos);
    computed = saturatedAdd(computed, computedNanos);
  }

  /** The sums {intervals, waited, computed}, if any interval was added since the last call that returned them. */
  synchronized Optional<long[]> changedSince() {
    if (intervals == journaledIntervals) {
      return Optional.empty();
    }
    journaledIntervals = intervals;
    return Optional.of(new long[] {intervals, waited, computed});
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
