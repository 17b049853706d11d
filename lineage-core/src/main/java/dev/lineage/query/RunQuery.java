package dev.lineage.query;

import dev.lineage.InvalidInputException;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.Names;
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
 * lineage.runs(RunQuery.all().name("train").param("lr", v -> v.asDouble() < 0.1)
 *     .finalMetric("accuracy", a -> a > 0.8).orderByFinalMetric("accuracy", true).limit(5));
 * }</pre>
 *
 * <p>Its {@link #conditions()} and {@link #order()} are plain values, so a query is answered from the index's
 * columns and a {@link RunRecord} is built only for the runs it returns.
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

  /** One condition on a run. */
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
  }

  /** The run carries this user tag with this value. */
  public record Tag(String key, String value) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return value.equals(run.tags().get(key));
    }
  }

  public record Status(RunStatus status) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.status() == status;
    }
  }

  /** Started at or after {@code from} and before {@code to}. */
  public record StartedBetween(Instant from, Instant to) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return !run.startedAt().isBefore(from) && run.startedAt().isBefore(to);
    }
  }

  /** The OS user the run's process ran as (from its fingerprint). */
  public record User(String user) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.fingerprint().user().equals(user);
    }
  }

  /** The run logged param {@code key} with a value passing {@code test}. */
  public record Param(String key, Predicate<ParamValue> valueTest) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      ParamValue v = run.params().get(key);
      return v != null && valueTest.test(v);
    }
  }

  /** The final value of metric {@code key} passes {@code test}. */
  public record FinalMetric(String key, DoublePredicate valueTest) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      MetricSummary m = run.metrics().get(key);
      return m != null && valueTest.test(m.lastValue());
    }
  }

  /** The best value of metric {@code key} (its minimum if {@code lowerIsBetter}, else maximum) passes. */
  public record BestMetric(String key, boolean lowerIsBetter, DoublePredicate valueTest) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      MetricSummary m = run.metrics().get(key);
      return m != null && valueTest.test(lowerIsBetter ? m.min() : m.max());
    }
  }

  /** The run executed the cached step of this name (a hit or a computation). */
  public record Step(String step) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.step().filter(s -> s.step().equals(step)).isPresent();
    }
  }

  /** The run is a step execution served from the cache ({@code true}) or computed ({@code false}). */
  public record CacheHit(boolean hit) implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.step().filter(s -> s.cacheHit() == hit).isPresent();
    }
  }

  /** The run held GPUs that sat idle more than half the time ({@link RunRecord#gpuWasted()}). */
  public record GpuWasted() implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.gpuWasted();
    }
  }
  /** The run's work waited for its input more than half of the time it reported ({@link RunRecord#dataBound()}). */
  public record DataBound() implements Condition {
    @Override
    public boolean test(RunRecord run) {
      return run.dataBound();
    }
  }


  /** How results are sorted. */
  public sealed interface Order {
    Comparator<RunRecord> comparator();
  }

  /** By run id, newest first (the default). */
  public record NewestFirst() implements Order {
    @Override
    public Comparator<RunRecord> comparator() {
      return Comparator.comparing(RunRecord::id).reversed();
    }
  }

  /** By the final value of a metric; runs without it (or with NaN) last; ties newest first. */
  public record ByFinalMetric(String key, boolean descending) implements Order {
    @Override
    public Comparator<RunRecord> comparator() {
      Comparator<RunRecord> byValue = Comparator.comparingDouble(r -> sortValue(finalOf(r, key), descending));
      return (descending ? byValue.reversed() : byValue).thenComparing(new NewestFirst().comparator());
    }
  }

  /** By GPU-hours held idle, most first; ties newest first. */
  public record ByGpuHoursIdle() implements Order {
    @Override
    public Comparator<RunRecord> comparator() {
      return Comparator.comparingDouble(RunRecord::gpuHoursIdle).reversed()
          .thenComparing(new NewestFirst().comparator());
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

  public static RunQuery all() {
    return new RunQuery(List.of(), new NewestFirst(), Integer.MAX_VALUE);
  }

  private RunQuery and(Condition condition) {
    List<Condition> more = new ArrayList<>(conditions);
    more.add(condition);
    return new RunQuery(more, order, limit);
  }

  public RunQuery name(String name) {
    return and(new Name(Names.checkName("run name", name)));
  }

  public RunQuery tag(String key, String value) {
    Names.checkName("tag key", key);
    require(value, "tag value");
    return and(new Tag(key, value));
  }

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
   * Runs that logged param {@code key} with a value passing {@code test}. The test should be a pure function of the
   * value: it may be asked once per distinct value rather than once per run.
   */
  public RunQuery param(String key, Predicate<ParamValue> test) {
    Names.checkName("param key", key);
    return and(new Param(key, require(test, "test")));
  }

  /** Runs whose final value of metric {@code key} passes {@code test}. */
  public RunQuery finalMetric(String key, DoublePredicate test) {
    Names.checkName("metric key", key);
    return and(new FinalMetric(key, require(test, "test")));
  }

  /** Runs whose best value of metric {@code key} (the minimum if {@code lowerIsBetter}) passes {@code test}. */
  public RunQuery bestMetric(String key, boolean lowerIsBetter, DoublePredicate test) {
    Names.checkName("metric key", key);
    return and(new BestMetric(key, lowerIsBetter, require(test, "test")));
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

  public RunQuery limit(int max) {
    if (max < 1) {
      throw new InvalidInputException("limit", "must be >= 1, was " + max);
    }
    return new RunQuery(conditions, order, max);
  }

  public List<Condition> conditions() {
    return conditions;
  }

  public Order order() {
    return order;
  }

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

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }
}
