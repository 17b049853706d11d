package dev.lineage.maintenance;

import dev.lineage.StoreProblem;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Maintenance#verify} found.
 *
 * @param objects how many objects it read
 * @param bytes how many bytes it read
 * @param problems every damaged, dangling, unsupported or stray object, in key order
 *
 * @since 0.1.0
 */
public record VerifyReport(long objects, long bytes, List<StoreProblem> problems, Duration took) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** True if nothing is wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
