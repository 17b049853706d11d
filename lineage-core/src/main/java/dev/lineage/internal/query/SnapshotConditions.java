package dev.lineage.internal.query;

import dev.lineage.query.RunQuery;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Compiles a query's conditions into one test over a snapshot's run numbers, reading only columns: a string
 * condition becomes a comparison of dictionary ids, looked up once per query.
 */
final class SnapshotConditions {
  private static final IntPredicate NONE = run -> false;

  private SnapshotConditions() {}

  static IntPredicate compile(SnapshotRuns s, List<RunQuery.Condition> conditions) {
    IntPredicate all = run -> true;
    for (RunQuery.Condition c : conditions) {
      all = all.and(compile(s, c));
    }
    return all;
  }

  private static IntPredicate compile(SnapshotRuns s, RunQuery.Condition c) {
    TableColumns runs = s.runColumns();
    if (c instanceof RunQuery.Name n) {
      return equalsId(runs, "name", n.name());
    } else if (c instanceof RunQuery.Status st) {
      return equalsId(runs, "status", st.status().name());
    } else if (c instanceof RunQuery.User u) {
      return equalsId(runs, "user", u.user());
    } else if (c instanceof RunQuery.Step st) {
      return equalsId(runs, "step_name", st.step());
    } else if (c instanceof RunQuery.CacheHit h) {
      int hit = runs.idOf("step_outcome", "HIT");
      int[] outcomes = runs.ids("step_outcome");
      return h.hit() ? run -> hit >= 0 && outcomes[run] == hit : run -> outcomes[run] >= 0 && outcomes[run] != hit;
    } else if (c instanceof RunQuery.StartedBetween b) {
      long from = b.from().toEpochMilli();
      long to = b.to().toEpochMilli();
      long[] started = runs.longs("started_at");
      return run -> started[run] >= from && started[run] < to;
    } else if (c instanceof RunQuery.GpuWasted) {
      return run -> !runs.isNull("gpu_hours_held", run)
          && gpuHours(s, "gpu_hours_idle", run) > gpuHours(s, "gpu_hours_held", run) / 2;
    } else if (c instanceof RunQuery.Tag t) {
      SnapshotRuns.Rows rows = s.tags();
      int key = rows.columns().idOf("key", t.key());
      int value = rows.columns().idOf("value", t.value());
      if (key < 0 || value < 0) {
        return NONE;
      }
      int[] keys = rows.columns().ids("key");
      int[] values = rows.columns().ids("value");
      return run -> {
        for (int p = rows.from(run); p < rows.to(run); p++) {
          int row = rows.row(p);
          if (keys[row] == key) {
            return values[row] == value;
          }
        }
        return false;
      };
    } else if (c instanceof RunQuery.Param pc) {
      SnapshotRuns.Rows rows = s.params();
      int key = rows.columns().idOf("key", pc.key());
      if (key < 0) {
        return NONE;
      }
      int[] keys = rows.columns().ids("key");
      return run -> {
        for (int p = rows.from(run); p < rows.to(run); p++) {
          int row = rows.row(p);
          if (keys[row] == key) {
            return pc.valueTest().test(s.paramValue(row));
          }
        }
        return false;
      };
    } else if (c instanceof RunQuery.FinalMetric m) {
      return run -> finalMetric(s, m.key(), run).filter(v -> m.valueTest().test(v)).isPresent();
    } else if (c instanceof RunQuery.BestMetric m) {
      String column = m.lowerIsBetter() ? "min_value" : "max_value";
      return run -> metric(s, m.key(), column, run).filter(v -> m.valueTest().test(v)).isPresent();
    }
    throw new IllegalStateException("a condition the snapshot cannot evaluate: " + c);
  }

  private static IntPredicate equalsId(TableColumns runs, String column, String value) {
    int id = runs.idOf(column, value);
    if (id < 0) {
      return NONE;
    }
    int[] ids = runs.ids(column);
    return run -> ids[run] == id;
  }

  static Optional<Double> finalMetric(SnapshotRuns s, String key, int run) {
    return metric(s, key, "last_value", run);
  }

  private static Optional<Double> metric(SnapshotRuns s, String key, String column, int run) {
    SnapshotRuns.Rows rows = s.metrics();
    int[] keys = rows.columns().ids("key");
    String[] dictionary = rows.columns().dictionary("key");
    for (int p = rows.from(run); p < rows.to(run); p++) {
      int row = rows.row(p);
      if (dictionary[keys[row]].equals(key)) {
        return Optional.of(rows.columns().doubles(column)[row]);
      }
    }
    return Optional.empty();
  }

  static double gpuHours(SnapshotRuns s, String column, int run) {
    TableColumns runs = s.runColumns();
    return runs.isNull(column, run) ? 0 : runs.doubles(column)[run];
  }
}
