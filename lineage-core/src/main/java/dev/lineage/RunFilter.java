package dev.lineage;

import dev.lineage.internal.Names;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which runs {@link Lineage#runs(RunFilter)} returns: all conditions must hold. Results come newest first.
 * Start from {@link #all()} and narrow it; each {@code with} method returns a new filter.
 */
public record RunFilter(Optional<String> name, Map<String, String> tags, Optional<RunStatus> status, int limit) {
  public RunFilter {
    tags = Map.copyOf(tags);
    if (limit < 1) {
      throw new InvalidInputException("limit", "must be >= 1, was " + limit);
    }
  }

  public static RunFilter all() {
    return new RunFilter(Optional.empty(), Map.of(), Optional.empty(), Integer.MAX_VALUE);
  }

  public RunFilter withName(String runName) {
    return new RunFilter(Optional.of(Names.checkName("run name", runName)), tags, status, limit);
  }

  public RunFilter withTag(String key, String value) {
    Map<String, String> more = new HashMap<>(tags);
    more.put(Names.checkName("tag key", key), Names.checkText("tag value", value, ParamValue.MAX_STRING_BYTES));
    return new RunFilter(name, more, status, limit);
  }

  public RunFilter withStatus(RunStatus wanted) {
    if (wanted == null) {
      throw new InvalidInputException("status", "must not be null");
    }
    return new RunFilter(name, tags, Optional.of(wanted), limit);
  }

  public RunFilter withLimit(int max) {
    return new RunFilter(name, tags, status, max);
  }

  public boolean matches(RunRecord run) {
    return name.map(run.name()::equals).orElse(true)
        && status.map(s -> s == run.status()).orElse(true)
        && tags.entrySet().stream().allMatch(e -> e.getValue().equals(run.tags().get(e.getKey())));
  }
}
