package dev.lineage.internal.system;

import dev.lineage.RunId;
import dev.lineage.internal.store.JournalEvent;

/**
 * What the sampler needs of a run: so that the sampler depends on this, and the run owner on the sampler, with no
 * cycle between them.
 */
public interface SampledRun {
  RunId id();

  /** Logs one of Lineage's own {@code lineage.*} series. */
  void logSystemMetric(String key, double value);

  /** Records a typed fact in the run's journal. */
  void recordFact(JournalEvent fact);

  /** Calls {@code hook} as the run closes, before its end is recorded. */
  void onClosing(Runnable hook);
}
