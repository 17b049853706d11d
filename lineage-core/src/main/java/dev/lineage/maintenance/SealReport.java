package dev.lineage.maintenance;

import dev.lineage.StoreProblem;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Maintenance#seal} sealed.
 *
 * @param checkpoint the checkpoint it wrote
 * @param listed how many objects it listed
 * @param read how many documents it read for their checksums (heads the previous checkpoint signed by the same
 *     key already named are carried over without a read)
 * @param problems heads it could not read and so did not seal (a damaged document is never vouched for)
 * @param took how long it took
 *
 * @since 0.1.0
 */
@dev.lineage.Experimental
public record SealReport(Checkpoint checkpoint, long listed, long read, List<StoreProblem> problems, Duration took) {
  public SealReport {
    problems = List.copyOf(problems);
  }
}
