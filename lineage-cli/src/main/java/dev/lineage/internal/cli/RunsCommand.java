package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.Comparison;
import dev.lineage.query.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", description = "List runs, newest first, filtered and sorted.",
    footer = {"", "A comparison is KEY=VALUE, KEY!=VALUE, KEY<N, KEY<=N, KEY>N or KEY>=N: numbers compare as numbers",
        "(lr=0.010 matches 0.01), anything else as exact text; the Java API's RunQuery reads the same words",
        "(docs/queries.md).", "", "Examples:",
        "  lineage runs --name train --param lr=0.01 --metric 'auc>0.8' --since 7d",
        "  lineage runs --status FAILED --limit 5 --json", "  lineage runs --sort -auc --limit 3",
        "  lineage runs --step featurize --computed --data-bound"})
final class RunsCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--name", description = "Only runs of this name.") String name;
  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only runs with this tag (repeatable).")
  List<String> tags = new ArrayList<>();
  @Option(names = "--status", description = "Only runs in this state: ${COMPLETION-CANDIDATES}.") RunStatus status;
  @Option(names = "--param", paramLabel = "KEY<OP>VALUE",
      description = "A param condition: lr=0.01, epochs>=10, optimizer!=sgd (repeatable).")
  List<String> params = new ArrayList<>();
  @Option(names = "--metric", paramLabel = "KEY<OP>N",
      description = "A condition on a metric's final value: 'auc>0.8', 'loss<=0.2' (repeatable).")
  List<String> metrics = new ArrayList<>();
  @Option(names = "--min", paramLabel = "KEY<OP>N",
      description = "A condition on a metric's lowest value: 'loss<0.2' (repeatable).")
  List<String> minima = new ArrayList<>();
  @Option(names = "--max", paramLabel = "KEY<OP>N",
      description = "A condition on a metric's highest value: 'auc>=0.9' (repeatable).")
  List<String> maxima = new ArrayList<>();
  @Option(names = "--step", description = "Only executions of this cached step.") String step;
  @Option(names = "--cache-hit", description = "Only step executions served from the cache.") boolean cacheHit;
  @Option(names = "--computed", description = "Only step executions that ran their body.") boolean computed;
  @Option(names = "--gpu-wasted", description = "Only runs whose GPUs sat idle more than half the time.")
  boolean gpuWasted;
  @Option(names = "--data-bound", description = "Only runs that waited for their input more than half the time.")
  boolean dataBound;
  @Option(names = "--since", paramLabel = "TIME", description = "Started at or after: " + TimeArgument.HELP)
  String since;
  @Option(names = "--until", paramLabel = "TIME", description = "Started before: " + TimeArgument.HELP)
  String until;
  @Option(names = "--user", description = "Only runs started by this user.") String user;
  @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "newest",
      description = "newest (default), gpu-idle, -METRIC (highest final value first) or +METRIC (lowest first).")
  String sort;
  @Option(names = "--limit", defaultValue = "20", description = "At most this many runs (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Instant now = output.now();
    RunQuery query = query(now);
    try (Lineage lineage = store.open()) {
      List<RunRecord> runs = lineage.runs(query);
      Problems.warn(store.problemsMet(), output.err());
      if (query.order() instanceof RunQuery.ByFinalMetric m && !runs.isEmpty()
          && runs.stream().noneMatch(r -> r.metrics().containsKey(m.key()))) {
        output.err().println("lineage: warning: no run listed has a metric '" + m.key() + "' to sort by, so they "
            + "are newest first (a typo? `lineage show RUN` lists a run's metrics)");
      }
      if (output.json) {
        ArrayNode list = Json.array();
        runs.forEach(r -> list.add(Json.runSummary(r)));
        Json.print(output.out(), list);
      } else {
        print(runs, now);
      }
    }
    return ExitCode.OK;
  }

  RunQuery query(Instant now) {
    RunQuery q = RunQuery.all().limit(limit);
    if (name != null) {
      q = q.name(name);
    }
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException("--tag", "must look like KEY=VALUE, was '" + tag + "'");
      }
      q = q.tag(tag.substring(0, eq), tag.substring(eq + 1));
    }
    if (status != null) {
      q = q.status(status);
    }
    for (String p : params) {
      q = q.param(comparison("--param", p));
    }
    for (String m : metrics) {
      q = q.finalMetric(numeric("--metric", m));
    }
    for (String m : minima) {
      q = q.bestMetric(numeric("--min", m), true);
    }
    for (String m : maxima) {
      q = q.bestMetric(numeric("--max", m), false);
    }
    if (step != null) {
      q = q.step(step);
    }
    if (cacheHit && computed) {
      throw new InvalidInputException("--cache-hit", "and --computed exclude each other");
    }
    if (cacheHit || computed) {
      q = q.cacheHit(cacheHit);
    }
    if (gpuWasted) {
      q = q.gpuWasted();
    }
    if (dataBound) {
      q = q.dataBound();
    }
    if (since != null || until != null) {
      Instant from = since != null ? TimeArgument.parse("--since", since, now) : Instant.EPOCH;
      Instant to = until != null ? TimeArgument.parse("--until", until, now) : TimeArgument.END_OF_TIME;
      q = q.startedBetween(from, to);
    }
    if (user != null) {
      q = q.user(user);
    }
    if (sort.equals("gpu-idle")) {
      q = q.orderByGpuHoursIdle();
    } else if (!sort.equals("newest")) {
      boolean ascending = sort.startsWith("+");
      String key = sort.startsWith("+") || sort.startsWith("-") ? sort.substring(1) : sort;
      if (key.isEmpty()) {
        throw new InvalidInputException("--sort", "must be newest, gpu-idle, -METRIC or +METRIC, was '" + sort + "'");
      }
      q = q.orderByFinalMetric(key, !ascending);
    }
    return q;
  }

  /** The comparison an option gave, its error naming the option. */
  private static Comparison comparison(String option, String text) {
    try {
      return Comparison.parse(text);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(option, e.rule());
    }
  }

  /** A comparison of a metric, whose literal must be a number. */
  private static Comparison numeric(String option, String text) {
    Comparison c = comparison(option, text);
    if (c.number().isEmpty()) {
      throw new InvalidInputException(option, "a metric is a number, and '" + c.literal() + "' is not one");
    }
    return c;
  }

  private void print(List<RunRecord> runs, Instant now) {
    if (runs.isEmpty()) {
      output.out().println("No runs match.");
      return;
    }
    Set<String> paramColumns = new LinkedHashSet<>();
    params.forEach(p -> paramColumns.add(comparison("--param", p).key()));
    Set<String> metricColumns = new LinkedHashSet<>();
    metrics.forEach(m -> metricColumns.add(comparison("--metric", m).key()));
    if (!sort.equals("newest") && !sort.equals("gpu-idle")) {
      metricColumns.add(sort.replaceFirst("^[+-]", ""));
    }
    List<String> header = new ArrayList<>(List.of("ID", "NAME", "STATUS", "STARTED", "DURATION"));
    paramColumns.forEach(header::add);
    metricColumns.forEach(header::add);
    if (sort.equals("gpu-idle")) {
      header.add("GPU-H IDLE");
    }
    Table table = new Table(header.toArray(String[]::new));
    for (RunRecord r : runs) {
      List<Object> row = new ArrayList<>(List.of(r.id(), r.name(), r.status(), Human.ago(r.startedAt(), now),
          r.endedAt().map(e -> Human.duration(Duration.between(r.startedAt(), e))).orElse("-")));
      for (String p : paramColumns) {
        row.add(java.util.Optional.ofNullable(r.params().get(p)).map(ParamValue::text).orElse("-"));
      }
      for (String m : metricColumns) {
        MetricSummary s = r.metrics().get(m);
        row.add(s == null ? "-" : Human.number(s.lastValue()));
      }
      if (sort.equals("gpu-idle")) {
        row.add(Human.number(r.gpuHoursIdle()));
      }
      table.row(row.toArray());
    }
    table.print(output.out());
    if (runs.size() == limit) {
      output.out().println("(the first " + limit + "; --limit N shows more)");
    }
  }
}
