package dev.lineage.internal.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The split of an iteration's time, with the times given (nanoseconds), as DL4J's callbacks would see them. */
class IterationClockTest {
  private static final long MS = 1_000_000L;

  @Test
  void fitIteratorTakesDl4jsOwnWait() {
    IterationClock clock = new IterationClock();
    clock.epochStarted(1_000 * MS);
    clock.forwardPassDone(1_250 * MS);
    assertEquals(new IterationClock.Split(200 * MS, 100 * MS), clock.iterationDone(1_300 * MS, true, 200));
  }

  @Test
  void aTrainerThatFitsDataSetsInsideEpochsHasItsWaitMeasuredToTheForwardPass() {
    // EarlyStoppingTrainer: onEpochStart fires, then it takes each batch itself and calls fit(DataSet), which
    // leaves DL4J's ETL time at 0 (the wait read 0 before: issue "What new users hit on day one").
    IterationClock clock = new IterationClock();
    clock.epochStarted(1_000 * MS);
    clock.forwardPassDone(1_210 * MS);
    assertEquals(new IterationClock.Split(210 * MS, 40 * MS), clock.iterationDone(1_250 * MS, false, 0));
    clock.forwardPassDone(1_460 * MS);
    assertEquals(new IterationClock.Split(210 * MS, 40 * MS), clock.iterationDone(1_500 * MS, false, 0));
  }

  @Test
  void aStaleEtlTimeOutsideFitIteratorIsNotTaken() {
    IterationClock clock = new IterationClock();
    clock.iterationDone(1_000 * MS, false, 900); // a loop's first iteration: no start known
    clock.forwardPassDone(1_010 * MS);
    assertEquals(new IterationClock.Split(10 * MS, 5 * MS), clock.iterationDone(1_015 * MS, false, 900));
  }

  @Test
  void theListenersOwnWorkIsNeitherWaitingNorComputing() {
    IterationClock clock = new IterationClock();
    assertNull(clock.iterationDone(1_000 * MS, false, 0));
    clock.listenerDone(3_000 * MS); // the first call recorded the configuration for two seconds
    clock.forwardPassDone(3_020 * MS);
    assertEquals(new IterationClock.Split(20 * MS, 10 * MS), clock.iterationDone(3_030 * MS, false, 0));

    clock.epochStarted(4_000 * MS);
    clock.forwardPassDone(4_100 * MS);
    clock.iterationDone(4_150 * MS, true, 90);
    clock.listenerDone(5_150 * MS);
    clock.forwardPassDone(5_160 * MS);
    assertEquals(new IterationClock.Split(5 * MS, 15 * MS), clock.iterationDone(5_170 * MS, true, 5),
        "fit(iterator): the iteration's wall time starts when the listener returned");
  }
}
