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
  public RunRecord {
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
    tags = Map.copyOf(tags);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
