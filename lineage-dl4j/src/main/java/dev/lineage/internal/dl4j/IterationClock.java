package dev.lineage.internal.dl4j;

/**
 * Splits each training iteration's time into waiting for data and computing. Inside {@code fit(iterator)} DL4J
 * measures the wait for the iterator's next batch itself (its ETL time), and the rest of the iteration is compute.
 * Everywhere else ({@code fit(DataSet)}, from a hand-written loop or a trainer such as {@code EarlyStoppingTrainer},
 * which takes the batches from the iterator itself) DL4J measures nothing, and its ETL time reads 0 or a stale
 * value: there the wait is the time from the end of the iteration before (or the epoch's start) to the end of this
 * one's forward pass, which is the caller's work to get the batch plus the forward pass, which no listener can see
 * begin (docs/dl4j.md). The listener's own work is neither: the next iteration starts counting when it returns.
 */
public final class IterationClock {
  /** One iteration's time, in nanoseconds. */
  public record Split(long waitedNanos, long computedNanos) {}

  private long epochStartedAt;
  private long lastDone;
  private long forwardDone;

  public void epochStarted(long now) {
    epochStartedAt = now;
    lastDone = 0;
  }

  public void epochEnded() {
    epochStartedAt = 0;
  }

  public void forwardPassDone(long now) {
    forwardDone = now;
  }

  /**
   * The iteration that ended at {@code now}; {@code dl4jMeasured} says whether DL4J measured its wait for data
   * ({@code etlMillis}). Null for an iteration with no known start: the first of a loop outside any epoch.
   */
  public Split iterationDone(long now, boolean dl4jMeasured, long etlMillis) {
    long start = lastDone > 0 ? lastDone : epochStartedAt;
    lastDone = now;
    if (start <= 0 || start > now) {
      return null;
    }
    if (dl4jMeasured) {
      long wall = now - start;
      long waited = Math.min(wall, Math.max(0, etlMillis) * 1_000_000L);
      return new Split(waited, wall - waited);
    }
    if (forwardDone > start && forwardDone <= now) {
      return new Split(forwardDone - start, now - forwardDone);
    }
    return null;
  }

  /** The listener finished its own work on the last iteration at {@code now}: training resumes from here. */
  public void listenerDone(long now) {
    if (lastDone > 0 && now > lastDone) {
      lastDone = now;
    }
  }
}
