package dev.lineage.maintenance;

import dev.lineage.StoreProblem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Maintenance#verify} found.
 *
 * @param objects how many objects it read
 * @param bytes how many bytes it read
 * @param problems every damaged, dangling, unsupported or stray object, in key order
 * @param unchained how many documents of a chained kind (journal batches, run ends, model versions and alias moves
 *     after the first) name no predecessor: written before chains (2026-12-07), they are checked by their numbers
 *     alone, and a signed checkpoint is what proves them unchanged (docs/storage-format.md, "Chains")
 * @param checkpoint the checkpoint a {@link Maintenance#verify(java.security.PublicKey, Progress) verify with a
 *     trusted key} held the store to (empty without one, or when none in the key's name verified)
 * @param took how long it took
 *
 * @since 0.1.0
 */
public record VerifyReport(long objects, long bytes, List<StoreProblem> problems, long unchained,
    Optional<Checkpoint> checkpoint, Duration took) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** True if nothing is wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
