package dev.lineage.internal.run;

import dev.lineage.Digest;
import dev.lineage.GpuSummary;
import dev.lineage.RunId;
import dev.lineage.step.StepExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Version-1 writers recorded step executions and GPU summaries as tags under the reserved {@code lineage.}
 * prefix. Readers turn those tags into the typed facts version 2 writes, so a store written then reads the same
 * now; the tags themselves are dropped (users could never set that prefix).
 */
final class LegacyFacts {
  static final String PREFIX = "lineage.";

  private LegacyFacts() {}

  static Optional<StepExecution> step(Map<String, String> tags) {
    String step = tags.get("lineage.step");
    String key = tags.get("lineage.step.key");
    if (step == null || key == null) {
      return Optional.empty();
    }
    boolean hit = "hit".equals(tags.get("lineage.cache"));
    Optional<RunId> source = Optional.ofNullable(tags.get("lineage.cache.source")).map(RunId::of);
    String race = tags.get("lineage.cache.race");
    Optional<Boolean> matched = race == null ? Optional.empty() : Optional.of(race.equals("lost-identical"));
    return Optional.of(new StepExecution(step, new Digest(key),
        hit ? StepExecution.Outcome.HIT : StepExecution.Outcome.MISS, source, hit ? Optional.empty() : matched));
  }

  static List<GpuSummary> gpus(Map<String, String> tags) {
    List<GpuSummary> out = new ArrayList<>();
    for (int i = 0; tags.containsKey("lineage.gpu." + i + ".uuid"); i++) {
      String p = "lineage.gpu." + i + ".";
      out.add(new GpuSummary(Integer.parseInt(tags.get(p + "index")), tags.get(p + "uuid"),
          Double.parseDouble(tags.get(p + "util_mean")), Double.parseDouble(tags.get(p + "util_p50")),
          Double.parseDouble(tags.get(p + "util_max")), Double.parseDouble(tags.get(p + "hours_held")),
          Double.parseDouble(tags.get(p + "hours_idle"))));
    }
    return out;
  }
}
