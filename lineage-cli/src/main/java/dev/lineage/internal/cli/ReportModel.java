package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.GpuSummary;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.maintenance.Progress;
import dev.lineage.query.Closure;
import dev.lineage.query.Edge;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.registry.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the report shows, as one JSON document the page renders (docs/report.md): every run's summary, the metric
 * series of the newest runs (each thinned to at most {@link #POINTS} points), the registry with its alias
 * histories, the lineage graph of each model's newest version, and the runs that wasted GPUs.
 */
final class ReportModel {
  /** Points per series in the page; longer series keep each bucket's first, minimum, maximum and last point. */
  static final int POINTS = 1_000;

  private ReportModel() {}

  static ObjectNode of(Lineage lineage, int seriesRuns, Instant now, Progress progress) {
    ObjectNode data = Json.object();
    data.put("store", lineage.store().toString());
    data.put("generatedAt", now.toString());
    LineageGraph graph = lineage.graph();
    List<RunRecord> runs = graph.search(RunQuery.all());
    ArrayNode runList = data.putArray("runs");
    runs.forEach(r -> runList.add(run(r)));
    ObjectNode series = data.putObject("series");
    for (int i = 0; i < Math.min(seriesRuns, runs.size()); i++) {
      progress.update("metric series", i, Math.min(seriesRuns, runs.size()));
      RunRecord r = runs.get(i);
      if (r.metrics().keySet().stream().anyMatch(ReportModel::charted)) {
        series.set(r.id().value(), series(lineage, r.id()));
      }
    }
    models(lineage.registry(), data.putArray("models"), data.putObject("graphs"), graph);
    ArrayNode gpu = data.putArray("gpu");
    runs.stream().filter(r -> !r.gpus().isEmpty()).sorted(Comparator.comparingDouble(RunRecord::gpuHoursIdle)
        .reversed()).limit(200).forEach(r -> gpu.add(r.id().value()));
    ArrayNode problems = data.putArray("problems");
    graph.problems().forEach(p -> problems.add(p.key() + ": " + p.message()));
    return data;
  }

  /** The user's metrics and each GPU's utilisation; the sampler's other system metrics stay out of the page. */
  private static boolean charted(String key) {
    return !key.startsWith("lineage.") || key.matches("lineage\\.gpu\\.\\d+\\.util");
  }

  private static ObjectNode run(RunRecord r) {
    ObjectNode n = Json.runSummary(r);
    n.put("user", r.fingerprint().user());
    n.put("host", r.fingerprint().host());
    r.fingerprint().gitCommit().ifPresent(c -> n.put("git", c));
    n.put("gitState", r.fingerprint().gitState().name());
    r.parent().ifPresent(p -> n.put("parent", p.value()));
    r.failure().ifPresent(f -> n.put("failure", f));
    ObjectNode tags = n.putObject("tags");
    r.tags().forEach(tags::put);
    ObjectNode metrics = n.putObject("metrics");
    r.metrics().forEach((k, m) -> metrics.putObject(k).put("last", m.lastValue()).put("min", m.min())
        .put("max", m.max()).put("count", m.count()).put("step", m.lastStep()));
    r.step().ifPresent(s -> n.putObject("step").put("name", s.step()).put("outcome", s.outcome().name())
        .put("entryRun", s.entryRun().map(RunId::value).orElse(null)));
    artifacts(n.putArray("inputs"), r.inputs());
    artifacts(n.putArray("outputs"), r.outputs());
    ObjectNode fp = n.putObject("fingerprint");
    fp.put("jvm", r.fingerprint().jvmVendor() + " " + r.fingerprint().jvmVersion());
    fp.put("os", r.fingerprint().os());
    r.fingerprint().mainClass().ifPresent(c -> fp.put("mainClass", c));
    fp.put("classpath", r.fingerprint().classpathDigest());
    fp.put("git", r.fingerprint().gitCommit().orElse("unknown") + " (" + r.fingerprint().gitState() + ")");
    r.fingerprint().command().ifPresent(c -> fp.put("command", c.shellLine()).put("directory", c.workingDirectory()));
    r.fingerprint().source().ifPresent(src -> {
      src.remote().ifPresent(u -> fp.put("remote", u));
      src.diff().ifPresent(d -> fp.put("diff", d.digest() + " (" + Human.bytes(d.size()) + ")"));
    });
    r.fingerprint().classpath().ifPresent(c -> fp.put("code", c.digest().toString()));
    ObjectNode env = fp.putObject("environment");
    r.fingerprint().environment().forEach(env::put);
    ObjectNode frameworks = fp.putObject("frameworks");
    r.fingerprint().frameworks().forEach(frameworks::put);
    ArrayNode gpus = n.putArray("gpus");
    for (GpuSummary g : r.gpus()) {
      gpus.addObject().put("index", g.index()).put("uuid", g.uuid()).put("mean", g.meanUtilization())
          .put("p50", g.p50Utilization()).put("max", g.maxUtilization()).put("held", g.hoursHeld())
          .put("idle", g.hoursIdle());
    }
    n.put("gpuHoursHeld", r.gpuHoursHeld());
    n.put("gpuHoursIdle", r.gpuHoursIdle());
    n.put("gpuWasted", r.gpuWasted());
    r.inputWait().ifPresent(w -> n.putObject("inputWait").put("intervals", w.intervals())
        .put("waitedMs", w.waited().toMillis()).put("computedMs", w.computed().toMillis())
        .put("fraction", w.waitingFraction()));
    n.put("dataBound", r.dataBound());
    r.trackingErrors().forEach(e -> n.withArray("trackingErrors").add(e));
    return n;
  }

  private static void artifacts(ArrayNode out, List<Artifact> artifacts) {
    for (Artifact a : artifacts) {
      out.addObject().put("name", a.name().orElse(null)).put("digest", a.digest().toString())
          .put("kind", a.kind().name()).put("size", a.size());
    }
  }

  /** Each charted series of the run as {@code {key: [[steps], [values]]}}, thinned to {@link #POINTS}. */
  private static ObjectNode series(Lineage lineage, RunId run) {
    ObjectNode out = Json.object();
    Map<String, List<MetricPoint>> all;
    try {
      all = lineage.metrics(run);
    } catch (StorageException e) {
      out.put("error", e.getMessage()); // a damaged series is said, never drawn short
      return out;
    }
    all.forEach((key, points) -> {
      if (!charted(key) || points.isEmpty()) {
        return;
      }
      List<MetricPoint> kept = thin(points);
      ArrayNode pair = out.putArray(key);
      ArrayNode steps = pair.addArray();
      ArrayNode values = pair.addArray();
      for (MetricPoint p : kept) {
        steps.add(p.step());
        if (Double.isFinite(p.value())) {
          values.add(p.value());
        } else {
          values.addNull(); // JSON has no NaN or infinity: a gap in the line
        }
      }
    });
    return out;
  }

  /** At most {@link #POINTS} points: per bucket the first, lowest, highest and last, so no spike is lost. */
  static List<MetricPoint> thin(List<MetricPoint> points) {
    if (points.size() <= POINTS) {
      return points;
    }
    int buckets = POINTS / 4;
    List<MetricPoint> out = new ArrayList<>(POINTS);
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) points.size() * b / buckets);
      int to = (int) ((long) points.size() * (b + 1) / buckets);
      MetricPoint lo = points.get(from);
      MetricPoint hi = points.get(from);
      for (int i = from; i < to; i++) {
        MetricPoint p = points.get(i);
        if (p.value() < lo.value()) {
          lo = p;
        }
        if (p.value() > hi.value()) {
          hi = p;
        }
      }
      Set<MetricPoint> bucket = new LinkedHashSet<>();
      for (MetricPoint p : List.of(points.get(from), lo, hi, points.get(to - 1))) {
        bucket.add(p);
      }
      bucket.stream().sorted(Comparator.comparingLong(MetricPoint::step)).forEach(out::add);
    }
    return out;
  }

  private static void models(ModelRegistry registry, ArrayNode models, ObjectNode graphs, LineageGraph graph) {
    for (String model : registry.models()) {
      ObjectNode m = models.addObject();
      m.put("name", model);
      ArrayNode versions = m.putArray("versions");
      List<ModelVersion> all = registry.versions(model);
      for (ModelVersion v : all) {
        versions.addObject().put("version", v.version()).put("digest", v.artifact().digest().toString())
            .put("run", v.run().map(RunId::value).orElse(null)).put("registeredAt", v.registeredAt().toString())
            .put("by", v.registeredBy());
      }
      ObjectNode aliases = m.putObject("aliases");
      ObjectNode history = m.putObject("history");
      ObjectNode pending = m.putObject("pending");
      for (String alias : registry.aliases(model)) {
        registry.alias(model, alias).ifPresent(v -> aliases.put(alias, v.version()));
        registry.pendingMove(model, alias).ifPresent(p -> pending.putObject(alias).put("seq", p.sequence())
            .put("to", p.to()).put("by", p.principal()).put("at", p.at().toString()).put("reason", p.reason()));
        ArrayNode moves = history.putArray(alias);
        for (AliasMove move : registry.aliasHistory(model, alias)) {
          moves.addObject().put("seq", move.sequence()).put("from", move.from().isPresent() ? move.from().getAsInt()
              : null).put("to", move.to()).put("by", move.principal()).put("at", move.at().toString())
              .put("reason", move.reason()).put("kind", move.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      if (!all.isEmpty()) {
        ModelVersion newest = all.get(all.size() - 1);
        String key = model + "@" + newest.version();
        graphs.set(key, graph(graph.upstream(Node.modelVersion(model, newest.version())), key));
      }
    }
  }

  /** A closure's nodes and edges, each node labelled as the page shows it. */
  static ObjectNode graph(Closure c, String title) {
    ObjectNode g = Json.object();
    g.put("title", title);
    Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    ArrayNode edges = g.putArray("edges");
    node(nodes, c, c.start());
    for (Edge e : c.edges()) {
      node(nodes, c, e.from());
      node(nodes, c, e.to());
      edges.addObject().put("from", e.from().toString()).put("to", e.to().toString()).put("kind", e.kind().name());
    }
    ArrayNode list = g.putArray("nodes");
    nodes.values().forEach(list::add);
    return g;
  }

  private static void node(Map<String, ObjectNode> nodes, Closure c, Node n) {
    nodes.computeIfAbsent(n.toString(), id -> {
      ObjectNode o = Json.object().put("id", id).put("kind", n.kind().name());
      switch (n.kind()) {
        case RUN -> {
          RunRecord r = c.runs().get(n.runId());
          o.put("label", r == null ? n.id() : r.name());
          o.put("detail", n.id() + (r == null ? "" : " " + r.status()));
          o.put("run", n.id());
        }
        case ARTIFACT -> {
          Artifact a = c.artifacts().get(n.digest());
          o.put("label", a == null ? n.id().substring(0, 19) : a.name().orElse(a.digest().toString().substring(0, 19)));
          o.put("detail", n.id());
        }
        case MODEL_VERSION -> o.put("label", n.id()).put("detail", "model version");
        default -> o.put("label", n.id()).put("detail", "step");
      }
      return o;
    });
  }
}
