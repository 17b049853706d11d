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
 * A run search: every condition must hold. Immutable; each method returns a new query. Results are sorted
 * newest first unless {@link #orderByFinalMetric} says otherwise.
 *
 * <pre>{@code
 * graph.search(RunQuery.all().name("train").param("lr", v -> v.asDouble() < 0.1)
 *     .finalMetric("accuracy", a -> a > 0.8).orderByFinalMetric("accuracy", true).limit(5));
 * }</pre>
 */
public final class RunQuery {
  private final List<Predicate<RunRecord>> conditions;
  private final Comparator<RunRecord> order;
  private final int limit;

  private RunQuery(List<Predicate<RunRecord>> conditions, Comparator<RunRecord> order, int limit) {
    this.conditions = List.copyOf(conditions);
    this.order = order;
    this.limit = limit;
  }

  public static RunQuery all() {
    return new RunQuery(List.of(), Comparator.comparing(RunRecord::id).reversed(), Integer.MAX_VALUE);
  }

  private RunQuery and(Predicate<RunRecord> condition) {
    List<Predicate<RunRecord>> more = new ArrayList<>(conditions);
    more.add(condition);
    return new RunQuery(more, order, limit);
  }

  public RunQuery name(String name) {
    Names.checkName("run name", name);
    return and(r -> r.name().equals(name));
  }

  public RunQuery tag(String key, String value) {
    Names.checkName("tag key", key);
    return and(r -> value.equals(r.tags().get(key)));
  }

  public RunQuery status(RunStatus status) {
    require(status, "status");
    return and(r -> r.status() == status);
  }

  /** Runs started at or after {@code from} and before {@code to}. */
  public RunQuery startedBetween(Instant from, Instant to) {
    require(from, "from");
    require(to, "to");
    if (to.isBefore(from)) {
      throw new InvalidInputException("to", "must not be before from");
    }
    return and(r -> !r.startedAt().isBefore(from) && r.startedAt().isBefore(to));
  }

  /** Runs that logged param {@code key} with a value passing {@code test}. */
  public RunQuery param(String key, Predicate<ParamValue> test) {
    Names.checkName("param key", key);
    require(test, "test");
    return and(r -> Optional.ofNullable(r.params().get(key)).filter(test).isPresent());
  }

  /** Runs whose final value of metric {@code key} passes {@code test}. */
  public RunQuery finalMetric(String key, DoublePredicate test) {
    Names.checkName("metric key", key);
    require(test, "test");
    return and(r -> Optional.ofNullable(r.metrics().get(key)).filter(m -> test.test(m.lastValue())).isPresent());
  }

  /** Runs whose best value of metric {@code key} (the minimum if {@code lowerIsBetter}) passes {@code test}. */
  public RunQuery bestMetric(String key, boolean lowerIsBetter, DoublePredicate test) {
    Names.checkName("metric key", key);
    require(test, "test");
    return and(r -> Optional.ofNullable(r.metrics().get(key))
        .filter(m -> test.test(lowerIsBetter ? m.min() : m.max())).isPresent());
  }

  /** Sorts by the final value of a metric (runs without it last). */
  public RunQuery orderByFinalMetric(String key, boolean descending) {
    Names.checkName("metric key", key);
    Comparator<RunRecord> byValue = Comparator.comparingDouble(r -> finalOf(r, key, descending));
    return new RunQuery(conditions, descending ? byValue.reversed() : byValue, limit);
  }

  public RunQuery limit(int max) {
    if (max < 1) {
      throw new InvalidInputException("limit", "must be >= 1, was " + max);
    }
    return new RunQuery(conditions, order, max);
  }

  public boolean matches(RunRecord run) {
    return conditions.stream().allMatch(c -> c.test(run));
  }

  public Comparator<RunRecord> order() {
    return order;
  }

  public int limit() {
    return limit;
  }

  private static double finalOf(RunRecord r, String key, boolean descending) {
    MetricSummary m = r.metrics().get(key);
    if (m == null || Double.isNaN(m.lastValue())) {
      return descending ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return m.lastValue();
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
  }
}
