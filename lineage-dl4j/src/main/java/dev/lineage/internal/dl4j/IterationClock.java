package dev.lineage.internal.dl4j;

/**
 * Splits each training iteration's time into waiting for data and computing. Inside {@code fit(iterator)}
 * (between its epoch start and end) DL4J measures the wait for the iterator's next batch itself, and the rest of
 * the iteration is compute. In a hand-written {@code fit(DataSet)} loop DL4J measures nothing, so the wait is the
 * time from the end of one iteration to the end of the next one's forward pass: the loop's own work to get the
 * batch, plus the forward pass, which no listener can see begin (docs/dl4j.md).
 */
public final class IterationClock {
  /** One iteration's time, in nanoseconds. */
  public record Split(long waitedNanos, long computedNanos) {}

  private boolean inFitIterator;
  private long epochStartedAt;
  private long lastDone;
  private long forwardDone;

  public void epochStarted() {
    inFitIterator = true;
    epochStartedAt = System.nanoTime();
    lastDone = 0;
  }

  public void epochEnded() {
    inFitIterator = false;
  }

  public void forwardPassDone() {
    forwardDone = System.nanoTime();
  }

  /** The iteration that ended at {@code now}; null for the first of a hand-written loop, which has no start. */
  public Split iterationDone(long now, long etlMillis) {
    Split split = null;
    if (inFitIterator) {
      long wall = now - (lastDone > 0 ? lastDone : epochStartedAt);
      long waited = Math.min(wall, Math.max(0, etlMillis) * 1_000_000L);
      split = new Split(waited, wall - waited);
    } else if (lastDone > 0 && forwardDone > lastDone && forwardDone <= now) {
      split = new Split(forwardDone - lastDone, now - forwardDone);
    }
    lastDone = now;
    return split;
  }
}
