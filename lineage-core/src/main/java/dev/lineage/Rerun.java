package dev.lineage;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A run started again from its workspace ({@link Lineage#rerun}), compared with the original.
 *
 * @param original the run reproduced
 * @param rerun the run the rerun recorded, which {@linkplain RunRecord#reproduces() reproduces} the original
 * @param verdict what the comparison found
 * @param outputs each output that differs: by digest, or produced by one run only (empty when all are the same)
 * @param params each param that differs, or that one run has and the other not
 * @param metrics each of the user's metrics whose final value or curve differs (the sampler's are not compared)
 * @param status how the rerun ended
 * @param cacheHitOf the run that computed what the rerun was served, where the rerun was a step cache hit: then
 *     nothing was recomputed, its outputs are that run's by construction, and only final metric values are compared
 *     (a hit records no curves)
 * @param workspace where it ran; its {@code rerun.log} holds the program's output
 *
 * @since 0.1.0
 */
@Experimental
public record Rerun(RunId original, RunId rerun, Verdict verdict, List<String> outputs, List<String> params,
    List<MetricDifference> metrics, RunStatus status, java.util.Optional<RunId> cacheHitOf, Workspace workspace) {
  public Rerun {
    outputs = List.copyOf(outputs);
    params = List.copyOf(params);
    metrics = List.copyOf(metrics);
  }

  /** The log of the rerun's program, standard output and error. */
  public Path log() {
    return workspace.directory().resolve("rerun.log");
  }

  /** What a rerun came out as. */
  public enum Verdict {
    /** Every output the same bytes, every param and every metric point the same. */
    IDENTICAL,
    /** Every output the same bytes, but a param or a metric differs. */
    SAME_OUTPUTS_DIFFERENT_METRICS,
    /** An output differs, or one run has an output the other lacks. */
    DIFFERENT_OUTPUTS
  }

  /**
   * One metric that differs.
   *
   * @param key the metric
   * @param firstStep the first step at which the two curves differ (a point one of them lacks counts), if they do
   * @param largest the largest absolute difference between points at the same step (NaN where no step is shared)
   * @param what the difference in words: the final values, or where the curves part
   */
  public record MetricDifference(String key, OptionalLong firstStep, double largest, String what) {}
}
