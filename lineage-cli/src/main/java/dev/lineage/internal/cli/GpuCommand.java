package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gpu", description = "The runs that held GPUs idle the longest, most GPU-hours wasted first.",
    footer = {"", "Examples:", "  lineage gpu --since 7d", "  lineage gpu --user alice --name train --limit 5"})
final class GpuCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--name", description = "Only runs of this name.") String name;
  @Option(names = "--user", description = "Only runs started by this user.") String user;
  @Option(names = "--since", paramLabel = "TIME", description = "Started at or after: " + TimeArgument.HELP)
  String since;
  @Option(names = "--until", paramLabel = "TIME", description = "Started before: " + TimeArgument.HELP)
  String until;
  @Option(names = "--limit", defaultValue = "20", description = "At most this many runs (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Instant now = output.now();
    RunQuery q = RunQuery.all().orderByGpuHoursIdle().limit(limit);
    if (name != null) {
      q = q.name(name);
    }
    if (user != null) {
      q = q.user(user);
    }
    if (since != null || until != null) {
      q = q.startedBetween(since != null ? TimeArgument.parse("--since", since, now) : Instant.EPOCH,
          until != null ? TimeArgument.parse("--until", until, now) : TimeArgument.END_OF_TIME);
    }
    try (Lineage lineage = store.open()) {
      List<RunRecord> runs = lineage.runs(q).stream().filter(r -> !r.gpus().isEmpty()).toList();
      if (output.json) {
        ArrayNode list = Json.array();
        for (RunRecord r : runs) {
          ObjectNode n = list.addObject();
          n.put("id", r.id().value());
          n.put("name", r.name());
          n.put("user", r.fingerprint().user());
          n.put("startedAt", r.startedAt().toString());
          n.put("gpus", r.gpus().size());
          n.put("gpuHoursHeld", r.gpuHoursHeld());
          n.put("gpuHoursIdle", r.gpuHoursIdle());
          n.put("wasted", r.gpuWasted());
        }
        Json.print(output.out(), list);
      } else if (runs.isEmpty()) {
        output.out().println("No matching run held a GPU.");
      } else {
        Table t = new Table("ID", "NAME", "USER", "STARTED", "GPUS", "GPU-H HELD", "GPU-H IDLE", "IDLE", "WASTED");
        double held = 0;
        double idle = 0;
        for (RunRecord r : runs) {
          held += r.gpuHoursHeld();
          idle += r.gpuHoursIdle();
          t.row(r.id(), r.name(), r.fingerprint().user(), Human.ago(r.startedAt(), now), r.gpus().size(),
              String.format(Locale.ROOT, "%.2f", r.gpuHoursHeld()), String.format(Locale.ROOT, "%.2f", r.gpuHoursIdle()),
              percent(r.gpuHoursIdle(), r.gpuHoursHeld()), r.gpuWasted() ? "yes" : "no");
        }
        t.print(output.out());
        output.out().printf(Locale.ROOT, "%d run(s): %.2f GPU-hours held, %.2f idle (%s)%n", runs.size(), held, idle,
            percent(idle, held));
      }
    }
    return ExitCode.OK;
  }

  private static String percent(double part, double whole) {
    return whole > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * part / whole) : "-";
  }
}
