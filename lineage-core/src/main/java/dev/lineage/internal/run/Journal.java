package dev.lineage.internal.run;

import dev.lineage.RunId;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.RunObjects;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer's append-only log of a run's events. Appends only add to a pending list. A flush seals what is
 * pending into the next numbered batch, whose bytes never change again, then commits sealed batches in order; a
 * batch whose commit failed or had an unknown outcome stays first in line and is offered again, unchanged, by the
 * next flush. Events logged meanwhile go into later batches, so an unknown outcome can never wedge the writer.
 */
final class Journal {
  /** Batches stay readable however much is logged at once. */
  static final int MAX_EVENTS_PER_BATCH = 5000;

  private final RunObjects runs;
  private final RunId runId;
  private final String writerId;
  private final Clock clock;
  private final Runnable onFirstPending;
  private final Object appendLock = new Object();
  private List<JournalEvent> pending = new ArrayList<>(); // guarded by appendLock
  private final Object flushLock = new Object();
  private final ArrayDeque<RunObjects.SealedBatch> sealed = new ArrayDeque<>(); // guarded by flushLock
  private long nextSeq; // guarded by flushLock
  /** The checksum the next sealed batch names: the last sealed batch's, or the run start's before any. */
  private String sealedHead; // guarded by flushLock
  /** The checksum of the last committed batch, or the run start's before any: what the run's end names. */
  private volatile String committedHead;
  private volatile long committed;
  private volatile long lastCommitMillis;

  Journal(RunObjects runs, RunId runId, String writerId, String startChecksum, Clock clock, Runnable onFirstPending) {
    this.sealedHead = startChecksum;
    this.committedHead = startChecksum;
    this.runs = runs;
    this.runId = runId;
    this.writerId = writerId;
    this.clock = clock;
    this.onFirstPending = onFirstPending;
    this.lastCommitMillis = clock.millis();
  }

  void append(JournalEvent event) {
    boolean first;
    synchronized (appendLock) {
      first = pending.isEmpty();
      pending.add(event);
    }
    if (first) {
      onFirstPending.run();
    }
  }

  /** Seals what is pending and commits every sealed batch, oldest first. */
  void flush() {
    synchronized (flushLock) {
      List<JournalEvent> batch;
      synchronized (appendLock) {
        batch = pending;
        pending = new ArrayList<>();
      }
      for (int from = 0; from < batch.size(); from += MAX_EVENTS_PER_BATCH) {
        seal(batch.subList(from, Math.min(batch.size(), from + MAX_EVENTS_PER_BATCH)));
      }
      commitSealed();
    }
  }

  /** Publishes an empty batch if nothing was committed for {@code everyMillis}: the writer is alive. */
  void heartbeatIfIdle(long everyMillis) {
    synchronized (flushLock) {
      boolean idle;
      synchronized (appendLock) {
        idle = pending.isEmpty();
      }
      if (idle && sealed.isEmpty() && clock.millis() - lastCommitMillis >= everyMillis) {
        seal(List.of());
        commitSealed();
      }
    }
  }

  /**
   * How many batches are committed: batches are committed in order, so they are the ones numbered 0 to this less
   * one, and a batch sealed after a failed one waits behind it.
   */
  long committed() {
    return committed;
  }

  /** The head of this writer's chain as committed: its last committed batch's checksum, or the start's. */
  String head() {
    return committedHead;
  }

  private void seal(List<JournalEvent> events) {
    RunObjects.SealedBatch batch = runs.seal(new JournalDoc(runId.value(), writerId, nextSeq++, clock.millis(),
        sealedHead, events));
    sealedHead = batch.checksum();
    sealed.add(batch);
  }

  private void commitSealed() {
    while (!sealed.isEmpty()) {
      runs.commit(sealed.peek());
      committedHead = sealed.poll().checksum();
      committed++;
      lastCommitMillis = clock.millis();
    }
  }
}
