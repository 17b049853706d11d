package dev.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of a run as stored, merged across every writer that logged into it. */
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
    Fingerprint fingerprint) {
  public RunRecord {
    params = Map.copyOf(params);
    tags = Map.copyOf(tags);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
