package dev.lineage.query;

import dev.lineage.Artifact;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between run {@code a} and run {@code b}. Each {@link Change} holds a's value then b's; maps hold
 * only what differs.
 *
 * @param inputs inputs whose content differs, by logical name (else digest)
 * @param outputs outputs whose content differs, by logical name (else digest): two trainings that made different
 *     models show it here
 * @param code what differs in the code that ran, by name: {@code git_commit}, {@code git_state},
 *     {@code classpath_digest}, {@code main_class}, {@code source_diff} (the digest of the uncommitted changes),
 *     {@code arguments} (the program's), {@code step}, {@code step_key}
 * @param finalMetrics the user's metrics whose final values differ; the system sampler's series
 *     ({@code lineage.sys.*}, {@code lineage.gpu.*}) are left out, since they differ between any two runs
 *
 * @since 0.1.0
 */
public record RunDiff(RunId a, RunId b, Map<String, ParamValue> paramsAdded, Map<String, ParamValue> paramsRemoved,
    Map<String, Change<ParamValue>> paramsChanged, Map<String, Change<Optional<Artifact>>> inputs,
    Map<String, Change<Optional<Artifact>>> outputs, Map<String, Change<String>> code,
    Map<String, Change<Optional<String>>> environment, Map<String, Change<Optional<Double>>> finalMetrics) {
  public RunDiff {
    paramsAdded = Map.copyOf(paramsAdded);
    paramsRemoved = Map.copyOf(paramsRemoved);
    paramsChanged = Map.copyOf(paramsChanged);
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
    code = Map.copyOf(code);
    environment = Map.copyOf(environment);
    finalMetrics = Map.copyOf(finalMetrics);
  }

  /** A value in run a and in run b. */
  public record Change<T>(T a, T b) {}

  /** Whether the two runs differ in nothing compared. */
  public boolean isEmpty() {
    return paramsAdded.isEmpty() && paramsRemoved.isEmpty() && paramsChanged.isEmpty() && inputs.isEmpty()
        && outputs.isEmpty() && code.isEmpty() && environment.isEmpty() && finalMetrics.isEmpty();
  }

  /** Names of the inputs (by logical name, else digest) whose content differs. */
  public List<String> changedInputs() {
    return inputs.keySet().stream().sorted().toList();
  }

  /** Names of the outputs (by logical name, else digest) whose content differs. */
  public List<String> changedOutputs() {
    return outputs.keySet().stream().sorted().toList();
  }
}
