package dev.lineage.step;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import java.util.Map;

/**
 * The outcome of running a step.
 *
 * @param cacheHit true if the body did not run because an identical execution was cached
 * @param runId the run that recorded this execution (a new run on a hit too)
 * @param computedBy the run whose body computed the outputs (this run on a miss)
 * @param key the step's cache key (docs/step-cache.md)
 * @param outputs by name
 */
public record StepResult(String step, boolean cacheHit, RunId runId, RunId computedBy, Digest key,
    Map<String, StepOutput> outputs) {
  public StepResult {
    outputs = Map.copyOf(outputs);
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
