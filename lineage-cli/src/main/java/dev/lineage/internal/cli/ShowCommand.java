package dev.lineage.internal.cli;

import dev.lineage.Artifact;
import dev.lineage.ClasspathEntry;
import dev.lineage.Fingerprint;
import dev.lineage.GpuSummary;
import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.MetricSummary;
import dev.lineage.RunRecord;
import dev.lineage.query.LineageGraph;
import dev.lineage.step.StepExecution;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "One run: params, tags, metrics, inputs, outputs, fingerprint and GPUs.",
    footer = {"", "Examples:", "  lineage show 01JD3Q8Z4K2N7M5R0T9W6X1Y3B", "  lineage show 01JD3Q --json"})
final class ShowCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(paramLabel = "RUN", description = "A run id, or a unique prefix of 6+ characters.")
  String run;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      LineageGraph graph = lineage.graph();
      RunRecord r = lineage.runRecord(NodeArgument.run(run, graph));
      Code code = Code.of(lineage, r);
      if (output.json) {
        Json.print(output.out(), Json.run(r, code));
      } else {
        print(r, code, output.out(), output.now());
      }
    }
    return ExitCode.OK;
  }

  /** The user's metrics, or the sampler's ({@code lineage.} keys), each in a section of its own. */
  private static void metrics(PrintWriter out, String title, RunRecord r, boolean sampler) {
    List<MetricSummary> these = new TreeMap<>(r.metrics()).values().stream()
        .filter(m -> m.key().startsWith("lineage.") == sampler).toList();
    if (sampler && these.isEmpty()) {
      return;
    }
    section(out, title, these.isEmpty());
    Table metrics = new Table("KEY", "LAST", "MIN", "MAX", "POINTS", "LAST STEP");
    these.forEach(m -> metrics.row(m.key(), Human.number(m.lastValue()), Human.number(m.min()),
        Human.number(m.max()), m.count(), m.lastStep()));
    indent(out, metrics);
  }

  /** The run's class path entries, or why they cannot be read: a damaged manifest costs its line alone. */
  record Code(List<ClasspathEntry> entries, Optional<String> unreadable) {
    static Code of(Lineage lineage, RunRecord r) {
      try {
        return new Code(lineage.classpath(r.id()), Optional.empty());
      } catch (LineageException e) {
        return new Code(List.of(), Optional.of(e.getMessage()));
      }
    }
  }

  static void print(RunRecord r, Code code, PrintWriter out, Instant now) {
    out.println("run " + r.id() + "  " + r.name() + "  " + r.status());
    out.println("  started   " + r.startedAt() + " (" + Human.ago(r.startedAt(), now) + ")");
    r.endedAt().ifPresent(e -> out.println("  ended     " + e + " (took "
        + Human.duration(Duration.between(r.startedAt(), e)) + ")"));
    r.parent().ifPresent(p -> out.println("  parent    " + p));
    r.reproduces().ifPresent(p -> out.println("  reproduces " + p + " (started from its workspace)"));
    r.failure().ifPresent(f -> out.println("  failure   " + f));
    r.step().ifPresent(s -> out.println("  step      " + s.step() + " " + s.outcome()
        + s.entryRun().map(e -> " (computed by " + e + ")").orElse("") + " key " + s.key()));
    r.trackingErrors().forEach(e -> out.println("  tracking error: " + e));
    section(out, "params", r.params().isEmpty());
    Table params = new Table("KEY", "VALUE", "TYPE");
    new TreeMap<>(r.params()).forEach((k, v) -> params.row(k, v.text(), v.type()));
    indent(out, params);
    section(out, "tags", r.tags().isEmpty());
    Table tags = new Table("KEY", "VALUE");
    new TreeMap<>(r.tags()).forEach(tags::row);
    indent(out, tags);
    // A hit's metrics are the final values of the run that computed what it served (docs/step-cache.md).
    metrics(out, r.step().filter(s -> s.outcome() == StepExecution.Outcome.HIT).flatMap(StepExecution::entryRun)
        .map(e -> "metrics (final values of " + e + ", which computed this result)").orElse("metrics"), r, false);
    metrics(out, "system metrics (Lineage's sampler)", r, true);
    r.inputWait().ifPresent(w -> out.println("input wait  " + Human.duration(w.waited()) + " waiting for input, "
        + Human.duration(w.computed()) + " computing (" + Math.round(100 * w.waitingFraction()) + "% waiting"
        + (w.dataBound() ? ", data-bound" : "") + ") over " + w.intervals() + " intervals"));
    artifacts(out, "inputs", r.inputs());
    artifacts(out, "outputs", r.outputs());
    Fingerprint f = r.fingerprint();
    out.println("fingerprint");
    out.println("  git       " + f.gitCommit().orElse("unknown") + " (" + f.gitState() + ")");
    out.println("  jvm       " + f.jvmVendor() + " " + f.jvmVersion());
    out.println("  host      " + f.user() + "@" + f.host() + " (" + f.os() + ")");
    f.mainClass().ifPresent(m -> out.println("  main      " + m));
    f.command().ifPresent(c -> {
      out.println("  command   " + c.shellLine());
      out.println("  directory " + c.workingDirectory());
    });
    f.source().ifPresent(s -> {
      s.remote().ifPresent(u -> out.println("  remote    " + u));
      s.diff().ifPresent(d -> out.println("  diff      " + d.digest() + " (" + Human.bytes(d.size())
          + " of uncommitted changes to tracked files)"));
      if (!s.untracked().isEmpty()) {
        out.println("  untracked " + String.join(" ", s.untracked()));
      }
    });
    new TreeMap<>(f.frameworks()).forEach((k, v) -> out.println("  framework " + k + " " + v));
    out.println("  classpath " + f.classpathDigest());
    f.classpath().ifPresent(manifest -> code(out, manifest, code));
    new TreeMap<>(f.environment()).forEach((k, v) -> out.println("  env       " + k + "=" + v));
    if (!r.gpus().isEmpty()) {
      out.println("gpus (" + Human.number(r.gpuHoursHeld()) + " GPU-hours held, " + Human.number(r.gpuHoursIdle())
          + " idle" + (r.gpuWasted() ? ", wasted" : "") + ")");
      Table gpus = new Table("GPU", "UUID", "MEAN %", "P50 %", "MAX %", "HOURS", "IDLE HOURS");
      for (GpuSummary g : r.gpus()) {
        gpus.row(g.index(), g.uuid(), Human.number(g.meanUtilization()), Human.number(g.p50Utilization()),
            Human.number(g.maxUtilization()), Human.number(g.hoursHeld()), Human.number(g.hoursIdle()));
      }
      indent(out, gpus);
    }
  }

  /** What the class path held: libraries counted, the user's own code and what was missing listed. */
  private static void code(PrintWriter out, Artifact manifest, Code code) {
    if (code.unreadable().isPresent()) {
      out.println("  code      unreadable: " + code.unreadable().get());
      return;
    }
    List<ClasspathEntry> stored = code.entries().stream().filter(ClasspathEntry::stored).toList();
    long libraries = code.entries().stream().filter(e -> e.coordinates().isPresent()).count();
    long missing = code.entries().stream().filter(e -> e.content().isEmpty()).count();
    long bytes = stored.stream().mapToLong(e -> e.content().orElseThrow().size()).sum();
    out.println("  code      " + code.entries().size() + " class path entries: " + libraries
        + " libraries by coordinates, " + stored.size() + " stored (" + Human.bytes(bytes) + ")"
        + (missing > 0 ? ", " + missing + " missing" : "") + "; manifest " + manifest.digest());
    stored.forEach(e -> out.println("  stored    " + e.path() + " " + e.content().orElseThrow().digest() + " ("
        + Human.size(e.content().get()) + ")"));
    code.entries().stream().filter(e -> e.content().isEmpty())
        .forEach(e -> out.println("  missing   " + e.path()));
  }

  private static void artifacts(PrintWriter out, String title, List<Artifact> list) {
    section(out, title, list.isEmpty());
    Table t = new Table("NAME", "DIGEST", "KIND", "SIZE", "LOCATION");
    list.forEach(a -> t.row(a.name().orElse("-"), a.digest(), Human.kind(a).toUpperCase(java.util.Locale.ROOT),
        Human.size(a),
        a.location().map(Object::toString).orElse("-")));
    indent(out, t);
  }

  private static void section(PrintWriter out, String title, boolean empty) {
    out.println(title + (empty ? ": none" : ""));
  }

  private static void indent(PrintWriter out, Table t) {
    if (t.isEmpty()) {
      return;
    }
    java.io.StringWriter buffer = new java.io.StringWriter();
    t.print(new PrintWriter(buffer));
    buffer.toString().lines().forEach(l -> out.println("  " + l));
  }
}
