package dev.lineage;

import dev.lineage.step.StepExecution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of a run as stored, merged across every writer that logged into it.
 *
 * @param failure why the run did not succeed, when its end record says (the exception's type and message, or
 *     what kept its records from being complete)
 * @param tags the user's tags; Lineage's own facts about a run are typed components, never tags
 * @param metrics a summary of each metric series as of the writers' last flush (the points themselves are
 *     read with {@link Lineage#metric})
 * @param step set when the run is an execution of a cached step
 * @param gpus one summary per GPU the run held, recorded when it ended (empty if it saw none)
 * @param inputWait how long the run's work waited for input against how long it computed, if its writers said
 * @param trackingErrors what the run's writers could not store (empty when everything logged was stored): a run
 *     with any is never {@link RunStatus#SUCCEEDED}
 * @param reproduces the run this one reproduces: it was started from that run's workspace ({@link Lineage#reproduce});
 *     experimental
 *
 * @since 0.1.0
 */
public record RunRecord(
    RunId id,
    String name,
    Optional<RunId> parent,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> failure,
    Map<String, ParamValue> params,
    Map<String, String> tags,
    List<Artifact> inputs,
    List<Artifact> outputs,
    Fingerprint fingerprint,
    Map<String, MetricSummary> metrics,
    Optional<StepExecution> step,
    List<GpuSummary> gpus,
    Optional<InputWait> inputWait,
    List<String> trackingErrors,
    Optional<RunId> reproduces) {
  public RunRecord {
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
    tags = Map.copyOf(tags);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    gpus = List.copyOf(gpus);
    trackingErrors = List.copyOf(trackingErrors);
  }

  /** GPU-hours the run held, over all its GPUs. */
  public double gpuHoursHeld() {
    return gpus.stream().mapToDouble(GpuSummary::hoursHeld).sum();
  }

  /** GPU-hours its GPUs sat below the idle threshold. */
  public double gpuHoursIdle() {
    return gpus.stream().mapToDouble(GpuSummary::hoursIdle).sum();
  }

  /** True if the run held GPUs and they sat idle more than half of the GPU-hours it held them. */
  public boolean gpuWasted() {
    return !gpus.isEmpty() && gpuHoursIdle() > gpuHoursHeld() / 2;
  }

  /**
   * True if the run's work waited for its input more than half of the time it reported ({@link InputWait}): on a
   * run that {@link #gpuWasted() wasted GPUs}, the input pipeline is the first suspect.
   */
  public boolean dataBound() {
    return inputWait.map(InputWait::dataBound).orElse(false);
  }
}
