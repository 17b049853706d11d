package dev.lineage.step;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of running a step.
 *
 * @param cacheHit true if the body did not run because an identical execution was cached
 * @param runId the run that recorded this execution (a new run on a hit too)
 * @param computedBy the run whose body computed the outputs (this run on a miss)
 * @param key the step's cache key (docs/step-cache.md)
 * @param outputs by name
 * @param why on a miss, why the body ran: which parts of the key differ from the step's newest cache entry
 *     ({@code param 'epochs' LONG 30 -> LONG 40}, {@code code bytecode:sha256:… -> …}), or that there was none,
 *     or that it was forced; empty on a hit
 *
 * @since 0.1.0
 */
public record StepResult(String step, boolean cacheHit, RunId runId, RunId computedBy, Digest key,
    Map<String, StepOutput> outputs, Optional<String> why) {
  public StepResult {
    outputs = Map.copyOf(outputs);
    if (why == null) {
      throw new InvalidInputException("why", "must not be null (use empty)");
    }
  }

  /** The output of that name. */
  public StepOutput output(String name) {
    StepOutput output = outputs.get(name);
    if (output == null) {
      throw new InvalidInputException("output name", "step '" + step + "' has no output '" + name + "'; it has "
          + new java.util.TreeSet<>(outputs.keySet()));
    }
    return output;
  }
}
