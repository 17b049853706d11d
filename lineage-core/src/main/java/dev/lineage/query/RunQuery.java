package dev.lineage.query;

import dev.lineage.InvalidInputException;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.Names;
import dev.lineage.internal.ShellWords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/**
 * A run search, for {@code lineage.runs(query)} and {@code graph.search(query)} alike: every condition must hold.
 * Immutable; each method returns a new query. Results are newest first unless an order says otherwise.
 *
 * <pre>{@code
 * lineage.runs(RunQuery.all().name("train").param("lr<0.1").finalMetric("accuracy>0.8")
 *     .orderByFinalMetric("accuracy", true).limit(5));
 * }</pre>
 *
 * <p>Its {@link #conditions()} and {@link #order()} are plain values, so a query is planned and answered from the
 * index's columns, each condition evaluated once, and a {@link RunRecord} is built only for the runs it returns.
 * Comparisons ({@link Comparison}) mean the same here as on the command line, and a query prints the way it would
 * be typed there ({@link #toString()}: {@code --name train --param lr<0.1 ...}). The predicate forms
 * ({@link #param(String, Predicate)} and the like) remain for what a comparison cannot say; they are asked once per
 * distinct value, and cannot be printed, compared or sent to the report page.
 *
 * @since 0.1.0
 */
public final class RunQuery {
  private final List<Condition> conditions;
  private final Order order;
  private final int limit;

  private RunQuery(List<Condition> conditions, Order order, int limit) {
    this.conditions = List.copyOf(conditions);
    this.order = order;
    this.limit = limit;
  }

  /** One condition on a run; its {@code toString()} is the command line's option for it. */
  public sealed interface Condition {
    /** Whether the run satisfies it. */
    boolean test(RunRecord run);
  }

  /** The run's name is exactly this. */
  public record Name(String name) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.name().equals(name);
    }

    @Override
    public String toString() {
      return option("--name", name);
    }
  }

  /** The run carries this user tag with this value. */
  public record Tag(String key, String value) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return value.equals(run.tags().get(key));
    }

    @Override
    public String toString() {
      return option("--tag", key + "=" + value);
    }
  }

  /** The run is in this state. */
  public record Status(RunStatus status) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.status() == status;
    }

    @Override
    public String toString() {
      return option("--status", status.name());
    }
  }

  /** Started at or after {@code from} and before {@code to}. */
  public record StartedBetween(Instant from, Instant to) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return !run.startedAt().isBefore(from) && run.startedAt().isBefore(to);
    }

    @Override
    public String toString() {
      return option("--since", from.toString()) + " " + option("--until", to.toString());
    }
  }

  /** The OS user the run's process ran as (from its fingerprint). */
  public record User(String user) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.fingerprint().user().equals(user);
    }

    @Override
    public String toString() {
      return option("--user", user);
    }
  }

  /** The run logged the compared param with a value that satisfies the comparison ({@link Comparison}). */
  public record Param(Comparison comparison) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      ParamValue v = run.params().get(comparison.key());
      return v != null && comparison.test(v);
    }

    @Override
    public String toString() {
      return option("--param", comparison.toString());
    }
  }

  /** The final value of the compared metric satisfies the comparison ({@link Comparison}). */
  public record FinalMetric(Comparison comparison) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      MetricSummary m = run.metrics().get(comparison.key());
      return m != null && comparison.test(m.lastValue());
    }

    @Override
    public String toString() {
      return option("--metric", comparison.toString());
    }
  }

  /** The best value of the compared metric (its minimum if {@code lowerIsBetter}, else maximum) satisfies it. */
  public record BestMetric(Comparison comparison, boolean lowerIsBetter) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      MetricSummary m = run.metrics().get(comparison.key());
      return m != null && comparison.test(lowerIsBetter ? m.min() : m.max());
    }

    @Override
    public String toString() {
      return option(lowerIsBetter ? "--min" : "--max", comparison.toString());
    }
  }

  /** The run logged param {@code key} with a value passing a predicate: the escape hatch of {@link Param}. */
  public record ParamMatches(String key, Predicate<ParamValue> valueTest) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      ParamValue v = run.params().get(key);
      return v != null && valueTest.test(v);
    }

    @Override
    public String toString() {
      return "<param " + key + " passing a predicate>";
    }
  }

  /** The final value of metric {@code key} passes a predicate: the escape hatch of {@link FinalMetric}. */
  public record FinalMetricMatches(String key, DoublePredicate valueTest) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      MetricSummary m = run.metrics().get(key);
      return m != null && valueTest.test(m.lastValue());
    }

    @Override
    public String toString() {
      return "<metric " + key + " passing a predicate>";
    }
  }

  /** The best value of metric {@code key} passes a predicate: the escape hatch of {@link BestMetric}. */
  public record BestMetricMatches(String key, boolean lowerIsBetter, DoublePredicate valueTest) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      MetricSummary m = run.metrics().get(key);
      return m != null && valueTest.test(lowerIsBetter ? m.min() : m.max());
    }

    @Override
    public String toString() {
      return "<" + (lowerIsBetter ? "min" : "max") + " of metric " + key + " passing a predicate>";
    }
  }

  /** The run executed the cached step of this name (a hit or a computation). */
  public record Step(String step) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.step().filter(s -> s.step().equals(step)).isPresent();
    }

    @Override
    public String toString() {
      return option("--step", step);
    }
  }

  /** The run is a step execution served from the cache ({@code true}) or computed ({@code false}). */
  public record CacheHit(boolean hit) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.step().filter(s -> s.cacheHit() == hit).isPresent();
    }

    @Override
    public String toString() {
      return hit ? "--cache-hit" : "--computed";
    }
  }

  /** The run held GPUs that sat idle more than half the time ({@link RunRecord#gpuWasted()}). */
  public record GpuWasted() implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.gpuWasted();
    }

    @Override
    public String toString() {
      return "--gpu-wasted";
    }
  }

  /** The run's work waited for its input more than half of the time it reported ({@link RunRecord#dataBound()}). */
  public record DataBound() implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.dataBound();
    }

    @Override
    public String toString() {
      return "--data-bound";
    }
  }

  /** An option and its value as a shell user types them: the value quoted where the shell would read it. */
  private static String option(String name, String value) {
    return name + " " + ShellWords.quote(value);
  }


  /** How results are sorted. */
  public sealed interface Order {
    /** The order as a comparator of records. */
    Comparator<RunRecord> comparator();
  }

  /** By run id, newest first (the default). */
  public record NewestFirst() implements Order {
    @Override
    public Comparator<RunRecord> comparator() {
      return Comparator.comparing(RunRecord::id).reversed();
    }

    @Override
    public String toString() {
      return "--sort newest";
    }
  }

  /** By the final value of a metric; runs without it (or with NaN) last; ties newest first. */
  public record ByFinalMetric(String key, boolean descending) implements Order {
    @Override
    public Comparator<RunRecord> comparator() {
      Comparator<RunRecord> byValue = Comparator.comparingDouble(r -> sortValue(finalOf(r, key), descending));
      return (descending ? byValue.reversed() : byValue).thenComparing(new NewestFirst().comparator());
    }

    @Override
    public String toString() {
      return "--sort " + (descending ? "-" : "+") + key;
    }
  }

  /** By GPU-hours held idle, most first; ties newest first. */
  public record ByGpuHoursIdle() implements Order {
    @Override
    public Comparator<RunRecord> comparator() {
      return Comparator.comparingDouble(RunRecord::gpuHoursIdle).reversed()
          .thenComparing(new NewestFirst().comparator());
    }

    @Override
    public String toString() {
      return "--sort gpu-idle";
    }
  }

  /** The value an order sorts by: a missing or NaN value sorts last in either direction. */
  public static double sortValue(Optional<Double> value, boolean descending) {
    if (value.isEmpty() || Double.isNaN(value.get())) {
      return descending ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return value.get();
  }

  private static Optional<Double> finalOf(RunRecord r, String key) {
    return Optional.ofNullable(r.metrics().get(key)).map(MetricSummary::lastValue);
  }

  /** Every run, newest first, no limit: add conditions, an order or a limit to narrow it. */
  public static RunQuery all() {
    return new RunQuery(List.of(), new NewestFirst(), Integer.MAX_VALUE);
  }

  private RunQuery and(Condition condition) {
    List<Condition> more = new ArrayList<>(conditions);
    more.add(condition);
    return new RunQuery(more, order, limit);
  }

  /** Runs named exactly {@code name}. */
  public RunQuery name(String name) {
    return and(new Name(Names.checkName("run name", name)));
  }

  /** Runs whose tag {@code key} is {@code value}. */
  public RunQuery tag(String key, String value) {
    Names.checkName("tag key", key);
    require(value, "tag value");
    return and(new Tag(key, value));
  }

  /** Runs that read {@code status}. */
  public RunQuery status(RunStatus status) {
    return and(new Status(require(status, "status")));
  }

  /** Runs started at or after {@code from} and before {@code to}. */
  public RunQuery startedBetween(Instant from, Instant to) {
    require(from, "from");
    require(to, "to");
    if (to.isBefore(from)) {
      throw new InvalidInputException("to", "must not be before from");
    }
    return and(new StartedBetween(from, to));
  }

  /** Runs whose process ran as this OS user. */
  public RunQuery user(String user) {
    return and(new User(Names.checkName("user", user)));
  }

  /**
   * Runs that logged a param satisfying {@code comparison}, as typed: {@code "lr=0.01"}, {@code "epochs>=10"},
   * {@code "optimizer!=sgd"} ({@link Comparison} says what each means for numbers and text).
   *
   * @throws InvalidInputException naming the rule, for text that is not a comparison
   */
  public RunQuery param(String comparison) {
    return param(Comparison.parse(comparison));
  }

  /** Runs that logged a param satisfying {@code comparison}. */
  public RunQuery param(Comparison comparison) {
    return and(new Param(require(comparison, "comparison")));
  }

  /**
   * Runs that logged param {@code key} with a value passing {@code test}: for what a {@link Comparison} cannot
   * say. The test should be a pure function of the value: it may be asked once per distinct value rather than once
   * per run. A query holding one cannot be printed, compared or sent to the report page.
   */
  public RunQuery param(String key, Predicate<ParamValue> test) {
    Names.checkName("param key", key);
    return and(new ParamMatches(key, require(test, "test")));
  }

  /**
   * Runs whose metric's final value satisfies {@code comparison}, as typed: {@code "auc>0.8"},
   * {@code "loss<=0.2"}.
   *
   * @throws InvalidInputException naming the rule, for text that is not a comparison with a number
   */
  public RunQuery finalMetric(String comparison) {
    return finalMetric(Comparison.parse(comparison));
  }

  /** Runs whose metric's final value satisfies {@code comparison}, whose literal must be a number. */
  public RunQuery finalMetric(Comparison comparison) {
    return and(new FinalMetric(numeric(comparison)));
  }

  /** Runs whose final value of metric {@code key} passes {@code test}: see {@link #param(String, Predicate)}. */
  public RunQuery finalMetric(String key, DoublePredicate test) {
    Names.checkName("metric key", key);
    return and(new FinalMetricMatches(key, require(test, "test")));
  }

  /**
   * Runs whose metric's best value (its minimum if {@code lowerIsBetter}, else its maximum) satisfies
   * {@code comparison}, as typed: {@code bestMetric("loss<0.2", true)}.
   *
   * @throws InvalidInputException naming the rule, for text that is not a comparison with a number
   */
  public RunQuery bestMetric(String comparison, boolean lowerIsBetter) {
    return bestMetric(Comparison.parse(comparison), lowerIsBetter);
  }

  /** Runs whose metric's best value satisfies {@code comparison}, whose literal must be a number. */
  public RunQuery bestMetric(Comparison comparison, boolean lowerIsBetter) {
    return and(new BestMetric(numeric(comparison), lowerIsBetter));
  }

  /**
   * Runs whose best value of metric {@code key} (the minimum if {@code lowerIsBetter}) passes {@code test}: see
   * {@link #param(String, Predicate)}.
   */
  public RunQuery bestMetric(String key, boolean lowerIsBetter, DoublePredicate test) {
    Names.checkName("metric key", key);
    return and(new BestMetricMatches(key, lowerIsBetter, require(test, "test")));
  }

  private static Comparison numeric(Comparison comparison) {
    require(comparison, "comparison");
    if (comparison.number().isEmpty()) {
      throw new InvalidInputException("metric comparison", "a metric is a number, and '" + comparison.literal()
          + "' is not one (" + comparison + ")");
    }
    return comparison;
  }

  /** Runs that executed the cached step {@code step}. */
  public RunQuery step(String step) {
    return and(new Step(Names.checkName("step name", step)));
  }

  /** Step executions served from the cache ({@code true}) or computed ({@code false}). */
  public RunQuery cacheHit(boolean hit) {
    return and(new CacheHit(hit));
  }

  /** Runs whose GPUs sat idle more than half of the GPU-hours they held. */
  public RunQuery gpuWasted() {
    return and(new GpuWasted());
  }

  /** Only runs whose work waited for its input more than half the time ({@link RunRecord#dataBound()}). */
  public RunQuery dataBound() {
    return and(new DataBound());
  }

  /** Sorts by the final value of a metric (runs without it last). */
  public RunQuery orderByFinalMetric(String key, boolean descending) {
    Names.checkName("metric key", key);
    return new RunQuery(conditions, new ByFinalMetric(key, descending), limit);
  }

  /** Sorts by GPU-hours held idle, most first. */
  public RunQuery orderByGpuHoursIdle() {
    return new RunQuery(conditions, new ByGpuHoursIdle(), limit);
  }

  /** At most {@code max} runs (the first {@code max} in the query's order). */
  public RunQuery limit(int max) {
    if (max < 1) {
      throw new InvalidInputException("limit", "must be >= 1, was " + max);
    }
    return new RunQuery(conditions, order, max);
  }

  /** The conditions a run must meet, all of them. */
  public List<Condition> conditions() {
    return conditions;
  }

  /** The order of the results. */
  public Order order() {
    return order;
  }

  /** The most runs returned; {@code Integer.MAX_VALUE} for no limit. */
  public int limit() {
    return limit;
  }

  /** Whether the run satisfies every condition. */
  public boolean matches(RunRecord run) {
    for (Condition c : conditions) {
      if (!c.test(run)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The query as it would be typed on the command line ({@code lineage runs ...}): {@code --name train --param
   * lr<0.1 --metric 'auc>0.8' --sort -auc --limit 5}. A predicate condition prints as a placeholder in angle
   * brackets, since it cannot be typed.
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    conditions.forEach(c -> parts.add(c.toString()));
    if (!(order instanceof NewestFirst)) {
      parts.add(order.toString());
    }
    if (limit != Integer.MAX_VALUE) {
      parts.add("--limit " + limit);
    }
    return String.join(" ", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunQuery q && q.conditions.equals(conditions) && q.order.equals(order) && q.limit == limit;
  }

  @Override
  public int hashCode() {
    return (conditions.hashCode() * 31 + order.hashCode()) * 31 + limit;
  }

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }
}
