package dev.lineage.internal.reproduce;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.ParamValue;
import dev.lineage.Rerun;
import dev.lineage.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/** How a rerun differs from the run it reproduces: outputs by digest, params, and the user's metric curves. */
final class RerunComparison {
  final List<String> outputs = new ArrayList<>();
  final List<String> params = new ArrayList<>();
  final List<Rerun.MetricDifference> metrics = new ArrayList<>();

  RerunComparison(Lineage lineage, RunRecord original, RunRecord rerun) {
    compareOutputs(original, rerun);
    TreeSet<String> keys = new TreeSet<>(original.params().keySet());
    keys.addAll(rerun.params().keySet());
    for (String k : keys) {
      ParamValue a = original.params().get(k);
      ParamValue b = rerun.params().get(k);
      if (!Objects.equals(a, b)) {
        params.add(k + ": " + (a == null ? "none" : a.text()) + " -> " + (b == null ? "none" : b.text()));
      }
    }
    TreeSet<String> metricKeys = new TreeSet<>(original.metrics().keySet());
    metricKeys.addAll(rerun.metrics().keySet());
    boolean hit = cacheHitOf(rerun).isPresent() || cacheHitOf(original).isPresent();
    for (String k : metricKeys) {
      if (k.startsWith("lineage.")) {
        continue; // the sampler's readings are the machine's, not the program's
      }
      if (hit) { // a hit records the final values of the run that computed it, no curve
        compareFinal(k, original, rerun);
      } else {
        compareCurve(k, lineage.metric(original.id(), k), lineage.metric(rerun.id(), k));
      }
    }
  }

  /** The run that computed what {@code run} was served, if it was a step cache hit. */
  static java.util.Optional<dev.lineage.RunId> cacheHitOf(RunRecord run) {
    return run.step().filter(s -> s.outcome() == dev.lineage.step.StepExecution.Outcome.HIT)
        .flatMap(dev.lineage.step.StepExecution::entryRun);
  }

  private void compareFinal(String key, RunRecord original, RunRecord rerun) {
    dev.lineage.MetricSummary a = original.metrics().get(key);
    dev.lineage.MetricSummary b = rerun.metrics().get(key);
    if (a == null || b == null || Double.compare(a.lastValue(), b.lastValue()) != 0) {
      metrics.add(new Rerun.MetricDifference(key, OptionalLong.empty(),
          a == null || b == null ? Double.NaN : Math.abs(a.lastValue() - b.lastValue()),
          "final " + (a == null ? "none" : a.lastValue()) + " -> " + (b == null ? "none" : b.lastValue())
              + " (a step cache hit: final values compared)"));
    }
  }

  Rerun.Verdict verdict() {
    return !outputs.isEmpty() ? Rerun.Verdict.DIFFERENT_OUTPUTS
        : params.isEmpty() && metrics.isEmpty() ? Rerun.Verdict.IDENTICAL
        : Rerun.Verdict.SAME_OUTPUTS_DIFFERENT_METRICS;
  }

  private void compareOutputs(RunRecord original, RunRecord rerun) {
    Map<String, Artifact> a = byName(original.outputs());
    Map<String, Artifact> b = byName(rerun.outputs());
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String n : names) {
      Artifact x = a.get(n);
      Artifact y = b.get(n);
      if (x == null) {
        outputs.add(n + ": produced by the rerun only (" + y.digest() + ")");
      } else if (y == null) {
        outputs.add(n + ": not produced by the rerun (the run produced " + x.digest() + ")");
      } else if (!x.digest().equals(y.digest())) {
        outputs.add(n + ": " + x.digest() + " -> " + y.digest());
      }
    }
  }

  /** Outputs by name, else by their place among the unnamed: the rerun names what the run named. */
  private static Map<String, Artifact> byName(List<Artifact> list) {
    Map<String, Artifact> m = new LinkedHashMap<>();
    int unnamed = 0;
    for (Artifact x : list) {
      m.put(x.name().orElse("output #" + ++unnamed), x);
    }
    return m;
  }

  private void compareCurve(String key, List<MetricPoint> a, List<MetricPoint> b) {
    TreeMap<Long, Double> x = lastPerStep(a);
    TreeMap<Long, Double> y = lastPerStep(b);
    TreeSet<Long> steps = new TreeSet<>(x.keySet());
    steps.addAll(y.keySet());
    Long first = null;
    double largest = Double.NaN;
    for (long s : steps) {
      Double p = x.get(s);
      Double q = y.get(s);
      boolean differs = p == null || q == null || Double.compare(p, q) != 0;
      if (differs && first == null) {
        first = s;
      }
      if (p != null && q != null) {
        double d = Math.abs(p - q);
        largest = Double.isNaN(largest) || d > largest ? d : largest;
      }
    }
    if (first != null) {
      String finals = (x.isEmpty() ? "none" : x.lastEntry().getValue()) + " -> "
          + (y.isEmpty() ? "none" : y.lastEntry().getValue());
      metrics.add(new Rerun.MetricDifference(key, OptionalLong.of(first), largest,
          "final " + finals + "; the curves part at step " + first + " (" + x.size() + " and " + y.size()
              + " steps)"));
    }
  }

  private static TreeMap<Long, Double> lastPerStep(List<MetricPoint> points) {
    TreeMap<Long, Double> m = new TreeMap<>();
    points.forEach(p -> m.put(p.step(), p.value()));
    return m;
  }
}
