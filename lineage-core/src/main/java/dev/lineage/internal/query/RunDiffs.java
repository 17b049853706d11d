package dev.lineage.internal.query;

import dev.lineage.Artifact;
import dev.lineage.Fingerprint;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.SourceState;
import dev.lineage.query.RunDiff;
import dev.lineage.step.StepExecution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Computes a {@link RunDiff}. */
final class RunDiffs {
  private RunDiffs() {}

  static RunDiff of(RunRecord a, RunRecord b) {
    Map<String, ParamValue> added = new TreeMap<>();
    Map<String, ParamValue> removed = new TreeMap<>();
    Map<String, RunDiff.Change<ParamValue>> changed = new TreeMap<>();
    for (String k : keys(a.params().keySet(), b.params().keySet())) {
      ParamValue x = a.params().get(k);
      ParamValue y = b.params().get(k);
      if (x == null) {
        added.put(k, y);
      } else if (y == null) {
        removed.put(k, x);
      } else if (!x.equals(y)) {
        changed.put(k, new RunDiff.Change<>(x, y));
      }
    }
    Map<String, RunDiff.Change<Optional<Artifact>>> inputs = artifacts(byName(a.inputs()), byName(b.inputs()));
    Map<String, RunDiff.Change<Optional<Artifact>>> outputs = artifacts(byName(a.outputs()), byName(b.outputs()));
    Map<String, RunDiff.Change<String>> code = new TreeMap<>();
    Map<String, String> codeA = code(a);
    Map<String, String> codeB = code(b);
    for (String k : codeA.keySet()) {
      if (!Objects.equals(codeA.get(k), codeB.get(k))) {
        code.put(k, new RunDiff.Change<>(codeA.get(k), codeB.get(k)));
      }
    }
    Map<String, RunDiff.Change<Optional<String>>> environment = new TreeMap<>();
    Map<String, String> envA = environment(a.fingerprint());
    Map<String, String> envB = environment(b.fingerprint());
    for (String k : keys(envA.keySet(), envB.keySet())) {
      if (!Objects.equals(envA.get(k), envB.get(k))) {
        environment.put(k, new RunDiff.Change<>(Optional.ofNullable(envA.get(k)), Optional.ofNullable(envB.get(k))));
      }
    }
    Map<String, RunDiff.Change<Optional<Double>>> metrics = new TreeMap<>();
    for (String k : keys(a.metrics().keySet(), b.metrics().keySet())) {
      if (dev.lineage.internal.Names.isReserved(k)) {
        continue; // the system sampler's series differ between any two runs
      }
      Optional<Double> x = Optional.ofNullable(a.metrics().get(k)).map(MetricSummary::lastValue);
      Optional<Double> y = Optional.ofNullable(b.metrics().get(k)).map(MetricSummary::lastValue);
      if (!x.equals(y)) {
        metrics.put(k, new RunDiff.Change<>(x, y));
      }
    }
    return new RunDiff(a.id(), b.id(), added, removed, changed, inputs, outputs, code, environment, metrics);
  }

  /** The artifacts, by name, whose content differs between the two. */
  private static Map<String, RunDiff.Change<Optional<Artifact>>> artifacts(Map<String, Artifact> inA,
      Map<String, Artifact> inB) {
    Map<String, RunDiff.Change<Optional<Artifact>>> out = new TreeMap<>();
    for (String k : keys(inA.keySet(), inB.keySet())) {
      Optional<Artifact> x = Optional.ofNullable(inA.get(k));
      Optional<Artifact> y = Optional.ofNullable(inB.get(k));
      if (!x.map(Artifact::digest).equals(y.map(Artifact::digest))) {
        out.put(k, new RunDiff.Change<>(x, y));
      }
    }
    return out;
  }

  private static Set<String> keys(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Artifacts by logical name, else by digest. */
  private static Map<String, Artifact> byName(List<Artifact> artifacts) {
    Map<String, Artifact> m = new LinkedHashMap<>();
    artifacts.forEach(x -> m.put(x.name().orElse(x.digest().toString()), x));
    return m;
  }

  private static Map<String, String> code(RunRecord r) {
    Map<String, String> m = new LinkedHashMap<>();
    Fingerprint f = r.fingerprint();
    m.put("git_commit", f.gitCommit().orElse(null));
    m.put("git_state", f.gitState().name());
    m.put("classpath_digest", f.classpathDigest());
    // By content: a jar rebuilt to the same bytes changes classpath_digest (its time), not this.
    m.put("classpath", f.classpath().map(c -> c.digest().toString()).orElse(null));
    m.put("main_class", f.mainClass().orElse(null));
    // What no commit holds: the uncommitted changes and the program's arguments (null where not recorded).
    m.put("source_diff", f.source().flatMap(SourceState::diff).map(d -> d.digest().toString()).orElse(null));
    m.put("arguments", f.command().map(c -> c.arguments().toString()).orElse(null));
    // The step key digests the step's code, params, inputs and declared environment: any of them changed, it
    // changes, even where the change is in no param or input of the run (code, environment).
    m.put("step", r.step().map(StepExecution::step).orElse(null));
    m.put("step_key", r.step().map(s -> s.key().toString()).orElse(null));
    return m;
  }

  private static Map<String, String> environment(Fingerprint f) {
    Map<String, String> m = new TreeMap<>();
    m.put("jvm", f.jvmVendor() + " " + f.jvmVersion());
    m.put("os", f.os());
    m.put("host", f.host());
    m.put("user", f.user());
    f.environment().forEach((k, v) -> m.put("env." + k, v));
    return m;
  }
}
