package dev.lineage.query;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything reachable from a start node in one direction: upstream (what led to it) or downstream (what it
 * reached). Immutable.
 *
 * @param runs the runs in the closure
 * @param artifacts the artifacts in the closure (for upstream: inputs and intermediates; for downstream:
 *     everything produced from the start)
 * @param params each run's params
 * @param codeFingerprints each run's code: git commit (or "unknown"), and the step cache key for step runs
 * @param modelVersions model versions in the closure, as {@code model@version}
 * @param aliases aliases pointing at those versions now, as {@code model:alias -> version}
 * @param edges every edge walked
 *
 * @since 0.1.0
 */
public record Closure(Node start, Map<RunId, RunRecord> runs, Map<Digest, Artifact> artifacts,
    Map<RunId, Map<String, ParamValue>> params, Map<RunId, String> codeFingerprints, Set<String> modelVersions,
    Map<String, Integer> aliases, List<Edge> edges) {
  public Closure {
    runs = Map.copyOf(runs);
    artifacts = Map.copyOf(artifacts);
    params = Map.copyOf(params);
    codeFingerprints = Map.copyOf(codeFingerprints);
    modelVersions = Set.copyOf(modelVersions);
    aliases = Map.copyOf(aliases);
    edges = List.copyOf(edges);
  }

  /** True if an artifact in the closure carried this logical name. */
  public boolean hasArtifactNamed(String name) {
    return artifacts.values().stream().anyMatch(a -> a.name().filter(name::equals).isPresent());
  }

  /** Whether the closure holds the artifact with this digest. */
  public boolean hasArtifact(Digest digest) {
    return artifacts.containsKey(digest);
  }

  /** Whether the closure holds this run. */
  public boolean hasRun(RunId run) {
    return runs.containsKey(run);
  }
}
