package dev.lineage.step;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import java.util.Optional;

/**
 * What a run did as an execution of a cached step: which step, under which key, whether it was served from the
 * cache, and which run's entry stands for that key.
 *
 * @param entryRun the run whose cache entry stands for {@code key}, when it is not this run: for a hit, the run
 *     that computed the outputs; for a computation that found an entry already published (a lost race, or
 *     {@link Step#forceRecompute()}), the run that published it
 * @param outputsMatchEntry for a computation that found an entry already published: whether its outputs had the
 *     same digests (false means the step is not deterministic)
 *
 * @since 0.1.0
 */
public record StepExecution(String step, Digest key, Outcome outcome, Optional<RunId> entryRun,
    Optional<Boolean> outputsMatchEntry) {
  /** How the execution was decided. */
  public enum Outcome {
    /** Served from the cache: the body did not run. */
    HIT,
    /** Not in the cache (or cache reads were off): the body ran. */
    MISS,
    /** {@link Step#forceRecompute()}: the body ran even though an entry may exist. */
    FORCED
  }

  public StepExecution {
    if (step == null || key == null || outcome == null || entryRun == null || outputsMatchEntry == null) {
      throw new InvalidInputException("step execution", "no component may be null");
    }
    if (outcome == Outcome.HIT && entryRun.isEmpty()) {
      throw new InvalidInputException("step execution", "a hit names the run that computed it");
    }
  }

  /** Whether the cache served the step (its body did not run). */
  public boolean cacheHit() {
    return outcome == Outcome.HIT;
  }
}
