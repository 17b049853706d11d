package dev.lineage.internal.query;

import dev.lineage.InputWait;
import dev.lineage.ParamType;
import dev.lineage.ParamValue;
import dev.lineage.RunStatus;
import dev.lineage.query.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/**
 * Evaluates a query's conditions over a snapshot's columns, each into the set of matching run numbers: a string
 * condition is a comparison of dictionary ids (looked up once per query), a param predicate is asked once per
 * distinct value, a metric predicate reads the summary column's doubles. Tight loops over arrays, no records.
 */
final class SnapshotConditions {
  private SnapshotConditions() {}

  /**
   * The columns that evaluating {@code query} reads, by table, {@code run_id} among them: a search that decodes
   * these alone answers as one over the whole snapshot. Empty for a condition or order this does not know, whose
   * search must read the whole snapshot.
   */
  static Optional<Map<String, Set<String>>> columns(RunQuery query) {
    Map<String, Set<String>> out = new HashMap<>();
    read(out, "runs");
    for (RunQuery.Condition c : query.conditions()) {
      if (c instanceof RunQuery.Name) {
        read(out, "runs", "name");
      } else if (c instanceof RunQuery.Status) {
        read(out, "runs", "status", "tracking_errors");
      } else if (c instanceof RunQuery.User) {
        read(out, "runs", "user");
      } else if (c instanceof RunQuery.Step) {
        read(out, "runs", "step_name");
      } else if (c instanceof RunQuery.CacheHit) {
        read(out, "runs", "step_outcome");
      } else if (c instanceof RunQuery.StartedBetween) {
        read(out, "runs", "started_at");
      } else if (c instanceof RunQuery.GpuWasted) {
        read(out, "runs", "gpu_hours_held", "gpu_hours_idle");
      } else if (c instanceof RunQuery.DataBound) {
        read(out, "runs", "input_wait_intervals", "input_waited_nanos", "input_computed_nanos");
      } else if (c instanceof RunQuery.Tag) {
        read(out, "tags", "key", "value");
      } else if (c instanceof RunQuery.Param || c instanceof RunQuery.ParamMatches) {
        read(out, "params", "key", "type", "value");
      } else if (c instanceof RunQuery.FinalMetric || c instanceof RunQuery.FinalMetricMatches) {
        read(out, "metrics", "key", "last_value");
      } else if (c instanceof RunQuery.BestMetric m) {
        read(out, "metrics", "key", m.lowerIsBetter() ? "min_value" : "max_value");
      } else if (c instanceof RunQuery.BestMetricMatches m) {
        read(out, "metrics", "key", m.lowerIsBetter() ? "min_value" : "max_value");
      } else {
        return Optional.empty();
      }
    }
    if (query.order() instanceof RunQuery.ByFinalMetric) {
      read(out, "metrics", "key", "last_value");
    } else if (query.order() instanceof RunQuery.ByGpuHoursIdle) {
      read(out, "runs", "gpu_hours_idle");
    } else if (!(query.order() instanceof RunQuery.NewestFirst)) {
      return Optional.empty();
    }
    return Optional.of(out);
  }

  private static void read(Map<String, Set<String>> out, String table, String... columns) {
    Set<String> read = out.computeIfAbsent(table, t -> new HashSet<>(Set.of("run_id")));
    read.addAll(List.of(columns));
  }

  /** The snapshot runs that satisfy every condition. */
  static BitSet matching(SnapshotColumns s, List<RunQuery.Condition> conditions) {
    BitSet all = new BitSet(s.size());
    all.set(0, s.size());
    for (RunQuery.Condition c : conditions) {
      if (all.isEmpty()) {
        break;
      }
      all.and(matching(s, c));
    }
    return all;
  }

  private static BitSet matching(SnapshotColumns s, RunQuery.Condition c) {
    TableColumns runs = s.runs();
    BitSet out = new BitSet(s.size());
    if (c instanceof RunQuery.Name n) {
      return equal(runs, "name", n.name(), out);
    } else if (c instanceof RunQuery.Status st) {
      String[] names = runs.dictionary("status");
      RunStatus[] byId = new RunStatus[names.length];
      for (int i = 0; i < names.length; i++) {
        byId[i] = RunStatus.valueOf(names[i]);
      }
      int[] ids = runs.ids("status");
      int[] errors = runs.ids("tracking_errors");
      for (int run = 0; run < ids.length; run++) {
        if (status(byId[ids[run]], errors[run] >= 0) == st.status()) {
          out.set(run);
        }
      }
    } else if (c instanceof RunQuery.User u) {
      return equal(runs, "user", u.user(), out);
    } else if (c instanceof RunQuery.Step st) {
      return equal(runs, "step_name", st.step(), out);
    } else if (c instanceof RunQuery.CacheHit h) {
      int hit = runs.idOf("step_outcome", "HIT");
      int[] outcomes = runs.ids("step_outcome");
      for (int run = 0; run < outcomes.length; run++) {
        if (h.hit() ? hit >= 0 && outcomes[run] == hit : outcomes[run] >= 0 && outcomes[run] != hit) {
          out.set(run);
        }
      }
    } else if (c instanceof RunQuery.StartedBetween b) {
      long from = millisAtOrAfter(b.from());
      long to = millisAtOrAfter(b.to());
      long[] started = runs.longs("started_at");
      for (int run = 0; run < started.length; run++) {
        if (started[run] >= from && started[run] < to) {
          out.set(run);
        }
      }
    } else if (c instanceof RunQuery.GpuWasted) {
      for (int run = 0; run < s.size(); run++) {
        if (!runs.isNull("gpu_hours_held", run)
            && gpuHours(s, "gpu_hours_idle", run) > gpuHours(s, "gpu_hours_held", run) / 2) {
          out.set(run);
        }
      }
    } else if (c instanceof RunQuery.DataBound) {
      long[] waited = runs.longs("input_waited_nanos");
      long[] computed = runs.longs("input_computed_nanos");
      for (int run = 0; run < s.size(); run++) {
        if (!runs.isNull("input_wait_intervals", run)
            && new InputWait(0, Duration.ofNanos(waited[run]), Duration.ofNanos(computed[run])).dataBound()) {
          out.set(run);
        }
      }
    } else if (c instanceof RunQuery.Tag t) {
      SnapshotColumns.Rows rows = s.tags();
      int key = rows.columns().idOf("key", t.key());
      int value = rows.columns().idOf("value", t.value());
      if (key >= 0 && value >= 0) {
        int[] keys = rows.columns().ids("key");
        int[] values = rows.columns().ids("value");
        for (int run = 0; run < s.size(); run++) {
          for (int p = rows.from(run); p < rows.to(run); p++) {
            int row = rows.row(p);
            if (keys[row] == key) {
              if (values[row] == value) {
                out.set(run);
              }
              break;
            }
          }
        }
      }
    } else if (c instanceof RunQuery.Param p) {
      params(s, p.comparison().key(), p.comparison()::test, out);
    } else if (c instanceof RunQuery.ParamMatches p) {
      params(s, p.key(), p.valueTest(), out);
    } else if (c instanceof RunQuery.FinalMetric m) {
      metric(s, m.comparison().key(), "last_value", m.comparison()::test, out);
    } else if (c instanceof RunQuery.FinalMetricMatches m) {
      metric(s, m.key(), "last_value", m.valueTest(), out);
    } else if (c instanceof RunQuery.BestMetric m) {
      metric(s, m.comparison().key(), m.lowerIsBetter() ? "min_value" : "max_value", m.comparison()::test, out);
    } else if (c instanceof RunQuery.BestMetricMatches m) {
      metric(s, m.key(), m.lowerIsBetter() ? "min_value" : "max_value", m.valueTest(), out);
    } else {
      throw new IllegalStateException("a condition the snapshot cannot evaluate: " + c);
    }
    return out;
  }

  /**
   * A row's status by today's rule: a row written before the status rule counted every writer may say SUCCEEDED
   * beside a loss an attached writer recorded; such a run is INCOMPLETE (docs/storage-format.md).
   */
  static RunStatus status(RunStatus written, boolean lossRecorded) {
    return written == RunStatus.SUCCEEDED && lossRecorded ? RunStatus.INCOMPLETE : written;
  }

  /**
   * The first whole millisecond at or after {@code t}, as far as a long reaches: start times are whole
   * milliseconds, so {@code started >= t} and {@code started < t} read the same on this. An instant beyond a long
   * of milliseconds ({@code Instant.MAX}, a natural "no end") is every start time's bound, not an overflow.
   */
  static long millisAtOrAfter(Instant t) {
    try {
      long floor = t.toEpochMilli();
      return t.getNano() % 1_000_000 == 0 ? floor : Math.addExact(floor, 1);
    } catch (ArithmeticException beyond) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static BitSet equal(TableColumns runs, String column, String value, BitSet out) {
    int id = runs.idOf(column, value);
    if (id >= 0) {
      int[] ids = runs.ids(column);
      for (int run = 0; run < ids.length; run++) {
        if (ids[run] == id) {
          out.set(run);
        }
      }
    }
    return out;
  }

  /**
   * The test is asked once per distinct (type, value): a hundred thousand runs with ten learning rates cost ten
   * calls, not a hundred thousand.
   */
  private static void params(SnapshotColumns s, String paramKey, Predicate<ParamValue> test, BitSet out) {
    SnapshotColumns.Rows rows = s.params();
    int key = rows.columns().idOf("key", paramKey);
    if (key < 0) {
      return;
    }
    int[] keys = rows.columns().ids("key");
    int[] values = rows.columns().ids("value");
    int[] types = rows.columns().ids("type");
    Map<Long, Boolean> answers = new HashMap<>();
    for (int run = 0; run < s.size(); run++) {
      for (int p = rows.from(run); p < rows.to(run); p++) {
        int row = rows.row(p);
        if (keys[row] == key) {
          long distinct = ((long) types[row] << 32) | (values[row] & 0xFFFFFFFFL);
          Boolean yes = answers.get(distinct);
          if (yes == null) {
            yes = test.test(new ParamValue(ParamType.valueOf(rows.columns().string("type", row)),
                rows.columns().dictionary("value")[values[row]]));
            answers.put(distinct, yes);
          }
          if (yes) {
            out.set(run);
          }
          break;
        }
      }
    }
  }

  private static void metric(SnapshotColumns s, String key, String column, DoublePredicate test, BitSet out) {
    SnapshotColumns.Rows rows = s.metrics();
    int keyId = rows.columns().idOf("key", key);
    if (keyId < 0) {
      return;
    }
    int[] keys = rows.columns().ids("key");
    double[] values = rows.columns().doubles(column);
    for (int run = 0; run < s.size(); run++) {
      for (int p = rows.from(run); p < rows.to(run); p++) {
        int row = rows.row(p);
        if (keys[row] == keyId) {
          if (test.test(values[row])) {
            out.set(run);
          }
          break;
        }
      }
    }
  }

  /** The final value of a metric of a snapshot run, for sorting. */
  static Optional<Double> finalMetric(SnapshotColumns s, String key, int run) {
    SnapshotColumns.Rows rows = s.metrics();
    int keyId = rows.columns().idOf("key", key);
    int[] keys = rows.columns().ids("key");
    for (int p = rows.from(run); p < rows.to(run); p++) {
      int row = rows.row(p);
      if (keys[row] == keyId) {
        return Optional.of(rows.columns().doubles("last_value")[row]);
      }
    }
    return Optional.empty();
  }

  static double gpuHours(SnapshotColumns s, String column, int run) {
    TableColumns runs = s.runs();
    return runs.isNull(column, run) ? 0 : runs.doubles(column)[run];
  }
}
