package dev.lineage.step;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import java.nio.file.Path;

/**
 * A step output: the stored artifact and where it is on this machine (computed, or restored and verified).
 *
 * @since 0.1.0
 */
public record StepOutput(Artifact artifact, Path path) {
  public StepOutput {
    if (artifact == null || path == null) {
      throw new InvalidInputException("step output", "artifact and path must not be null");
    }
  }
}
