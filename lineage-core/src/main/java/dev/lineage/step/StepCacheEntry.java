package dev.lineage.step;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.RunId;
import java.time.Instant;
import java.util.Map;

/**
 * A published cache entry: which run computed the step for this key, and its outputs by name.
 *
 * @since 0.1.0
 */
public record StepCacheEntry(String step, Digest key, RunId computedBy, Instant createdAt,
    Map<String, Artifact> outputs) {
  public StepCacheEntry {
    outputs = Map.copyOf(outputs);
  }
}
