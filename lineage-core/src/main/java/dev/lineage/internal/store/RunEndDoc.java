package dev.lineage.internal.store;

import dev.lineage.RunStatus;

/**
 * {@code rundata/{runId}/end.json}: a run's final status, written once by its owner.
 *
 * @param writer the owner's writer (absent before 2026-12-07): with {@code batches}, what the end vouches for
 * @param batches how many journal batches the owner's writer committed, numbered from 0 (absent before
 *     2026-12-07): a reader that finds fewer knows that batches were deleted, not that none were written
 * @param last the checksum of the owner's last committed batch, or of the run's start if it committed none
 *     (absent before 2026-12-07): the end closes the owner's chain, so a sealed end vouches for all of it
 */
public record RunEndDoc(String runId, RunStatus status, long endedAt, String failure, String writer, Long batches,
    String last) implements Bound {
  public RunEndDoc {
    Check.ulid(runId, "runId");
    if (Check.present(status, "status") == RunStatus.RUNNING || status == RunStatus.ABANDONED) {
      throw new IllegalArgumentException("an end record cannot say " + status);
    }
    Check.optionalUlid(writer, "writer");
    if ((writer == null) != (batches == null) || batches != null && batches < 0) {
      throw new IllegalArgumentException("writer and batches come together, batches >= 0");
    }
    Check.optionalDigest(last, "last");
    if (last != null && writer == null) {
      throw new IllegalArgumentException("last comes with writer and batches");
    }
  }

  @Override
  public String storedAt() {
    return Keys.runEnd(dev.lineage.RunId.of(runId));
  }
}
