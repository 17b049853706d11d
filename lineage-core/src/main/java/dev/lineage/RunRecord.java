package dev.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of a run as stored, merged across every writer that logged into it.
 *
 * @param metrics a summary of each metric series as of the writers' last flush (the points themselves are
 *     read with {@link Lineage#metric})
 */
public record RunRecord(
    RunId id,
    String name,
    Optional<RunId> parent,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Map<String, ParamValue> params,
    Map<String, String> tags,
    List<Artifact> inputs,
    List<Artifact> outputs,
    Fingerprint fingerprint,
    Map<String, MetricSummary> metrics) {
  /** Tag set on runs that held their GPUs idle for more than half the time: search for it. */
  public static final String GPU_WASTED_TAG = "lineage.gpu.wasted";

  public RunRecord {
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
    tags = Map.copyOf(tags);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * The run's GPU summaries, from the tags the sampler writes when the run ends (empty if it saw no GPU or is
   * still running).
   */
  public java.util.List<GpuSummary> gpus() {
    java.util.List<GpuSummary> out = new java.util.ArrayList<>();
    for (int i = 0; tags.containsKey("lineage.gpu." + i + ".uuid"); i++) {
      String p = "lineage.gpu." + i + ".";
      out.add(new GpuSummary(Integer.parseInt(tags.get(p + "index")), tags.get(p + "uuid"),
          Double.parseDouble(tags.get(p + "util_mean")),
          Double.parseDouble(tags.get(p + "util_p50")), Double.parseDouble(tags.get(p + "util_max")),
          Double.parseDouble(tags.get(p + "hours_held")), Double.parseDouble(tags.get(p + "hours_idle"))));
    }
    return out;
  }
}
