package dev.lineage.step;

import dev.lineage.Artifact;
import dev.lineage.Run;
import java.nio.file.Path;

/**
 * What a step body works with while it runs.
 *
 * @since 0.1.0
 */
public interface StepContext {
  /** A fresh, empty directory for this step's outputs; every output must be inside it. */
  Path outputDir();

  /** The local path of a declared input (an artifact input is restored on first use). */
  Path input(String name);

  /**
   * Records a file or directory under {@link #outputDir()} as an output of the step, under a name unique
   * within the step. Throws {@link dev.lineage.InvalidInputException} for a path outside the output directory.
   */
  Artifact produce(Path path, String name);

  /** The run recording this execution, for metrics or tags. */
  Run run();
}
