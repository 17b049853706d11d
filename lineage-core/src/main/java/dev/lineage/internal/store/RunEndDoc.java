package dev.lineage.internal.store;

import dev.lineage.RunStatus;

/** {@code rundata/{runId}/end.json}: a run's final status, written once by its owner. */
public record RunEndDoc(String runId, RunStatus status, long endedAt, String failure) {
  public RunEndDoc {
    Check.ulid(runId, "runId");
    if (Check.present(status, "status") == RunStatus.RUNNING || status == RunStatus.ABANDONED) {
      throw new IllegalArgumentException("an end record cannot say " + status);
    }
  }
}
