package dev.lineage;

import java.time.Duration;

/**
 * How long a run's work waited for its input against how long it computed, summed over the intervals its writers
 * reported with {@link RunWriter#logInputWait} (a training iteration waiting for its next batch, a task waiting for
 * its data). On a GPU run it says why the GPUs sat idle: see {@link RunRecord#dataBound()}.
 *
 * @param intervals how many intervals were reported
 *
 * @since 0.1.0
 */
public record InputWait(long intervals, Duration waited, Duration computed) {
  public InputWait {
    if (intervals < 0 || waited == null || computed == null || waited.isNegative() || computed.isNegative()) {
      throw new InvalidInputException("input wait", "needs intervals >= 0 and non-negative durations, was "
          + intervals + ", " + waited + ", " + computed);
    }
  }

  /** The share of the reported time spent waiting for input, 0 to 1 (0 when nothing was reported). */
  public double waitingFraction() {
    double total = waited.toNanos() + (double) computed.toNanos();
    return total == 0 ? 0 : waited.toNanos() / total;
  }

  /** True if the work waited for its input more than half of the time: the input pipeline, not the compute, bounds it. */
  public boolean dataBound() {
    return waitingFraction() > 0.5;
  }
}
