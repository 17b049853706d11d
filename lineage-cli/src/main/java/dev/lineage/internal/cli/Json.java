package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Artifact;
import dev.lineage.Fingerprint;
import dev.lineage.GpuSummary;
import dev.lineage.MetricSummary;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.StoreProblem;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.ModelVersion;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code --json} shapes (docs/cli.md): field names are stable, times are ISO-8601 instants, params keep
 * their type (numbers as numbers), digests print as {@code sha256:<hex>}.
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Json() {}

  static ObjectNode object() {
    return F.objectNode();
  }

  static ArrayNode array() {
    return F.arrayNode();
  }

  static void print(PrintWriter out, Object node) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serialises", e);
    }
  }

  static ObjectNode runSummary(RunRecord r) {
    ObjectNode n = object();
    n.put("id", r.id().value());
    n.put("name", r.name());
    n.put("status", r.status().name());
    n.put("startedAt", r.startedAt().toString());
    r.endedAt().ifPresent(t -> n.put("endedAt", t.toString()));
    r.parent().ifPresent(p -> n.put("parent", p.value()));
    n.set("params", params(r.params()));
    ObjectNode finals = n.putObject("finalMetrics");
    new TreeMap<>(r.metrics()).forEach((k, m) -> finals.put(k, m.lastValue()));
    return n;
  }

  static ObjectNode run(RunRecord r, ShowCommand.Code code) {
    ObjectNode n = runSummary(r);
    r.failure().ifPresent(f -> n.put("failure", f));
    r.reproduces().ifPresent(x -> n.put("reproduces", x.value()));
    ObjectNode tags = n.putObject("tags");
    new TreeMap<>(r.tags()).forEach(tags::put);
    ObjectNode metrics = n.putObject("metrics");
    new TreeMap<>(r.metrics()).forEach((k, m) -> metrics.set(k, metric(m)));
    ArrayNode in = n.putArray("inputs");
    r.inputs().forEach(a -> in.add(artifact(a)));
    ArrayNode out = n.putArray("outputs");
    r.outputs().forEach(a -> out.add(artifact(a)));
    ObjectNode fingerprint = fingerprint(r.fingerprint());
    n.set("fingerprint", fingerprint);
    r.fingerprint().classpath().ifPresent(manifest -> {
      ObjectNode classpath = fingerprint.putObject("classpath");
      classpath.put("manifest", manifest.digest().toString());
      code.unreadable().ifPresent(why -> classpath.put("unreadable", why));
      ArrayNode entries = classpath.putArray("entries");
      code.entries().forEach(e -> entries.add(classpathEntry(e)));
    });
    r.step().ifPresent(s -> {
      ObjectNode step = n.putObject("step");
      step.put("name", s.step());
      step.put("key", s.key().toString());
      step.put("outcome", s.outcome().name());
      s.entryRun().ifPresent(e -> step.put("entryRun", e.value()));
    });
    ArrayNode gpus = n.putArray("gpus");
    r.gpus().forEach(g -> gpus.add(gpu(g)));
    n.put("gpuHoursHeld", r.gpuHoursHeld());
    n.put("gpuHoursIdle", r.gpuHoursIdle());
    ArrayNode errors = n.putArray("trackingErrors");
    r.trackingErrors().forEach(errors::add);
    return n;
  }

  static ObjectNode params(Map<String, ParamValue> params) {
    ObjectNode n = object();
    new TreeMap<>(params).forEach((k, v) -> {
      switch (v.type()) {
        case LONG -> n.put(k, v.asLong());
        case DOUBLE -> n.put(k, v.asDouble());
        case BOOLEAN -> n.put(k, v.asBoolean());
        case STRING -> n.put(k, v.asString());
      }
    });
    return n;
  }

  static ObjectNode metric(MetricSummary m) {
    ObjectNode n = object();
    n.put("count", m.count());
    n.put("lastStep", m.lastStep());
    n.put("last", m.lastValue());
    n.put("min", m.min());
    n.put("max", m.max());
    return n;
  }

  static ObjectNode artifact(Artifact a) {
    ObjectNode n = object();
    n.put("digest", a.digest().toString());
    n.put("kind", a.kind().name());
    n.put("size", a.size());
    a.name().ifPresent(name -> n.put("name", name));
    a.location().ifPresent(location -> n.put("location", location.toString()));
    return n;
  }

  static ObjectNode fingerprint(Fingerprint f) {
    ObjectNode n = object();
    f.gitCommit().ifPresent(c -> n.put("gitCommit", c));
    n.put("gitState", f.gitState().name());
    n.put("jvm", f.jvmVendor() + " " + f.jvmVersion());
    n.put("os", f.os());
    n.put("host", f.host());
    n.put("user", f.user());
    f.mainClass().ifPresent(c -> n.put("mainClass", c));
    f.command().ifPresent(c -> {
      ObjectNode command = n.putObject("command");
      c.jvmArguments().forEach(command.putArray("jvmArguments")::add);
      c.program().forEach(command.putArray("program")::add);
      c.arguments().forEach(command.putArray("arguments")::add);
      command.put("workingDirectory", c.workingDirectory());
    });
    f.source().ifPresent(s -> {
      ObjectNode source = n.putObject("source");
      s.remote().ifPresent(u -> source.put("remote", u));
      s.diff().ifPresent(d -> source.putObject("diff").put("digest", d.digest().toString()).put("size", d.size()));
      s.untracked().forEach(source.putArray("untracked")::add);
    });
    n.put("classpathDigest", f.classpathDigest());
    ObjectNode env = n.putObject("environment");
    new TreeMap<>(f.environment()).forEach(env::put);
    return n;
  }

  static ObjectNode classpathEntry(dev.lineage.ClasspathEntry e) {
    ObjectNode n = object();
    n.put("path", e.path());
    e.content().ifPresent(c -> n.put("kind", c.kind().name()).put("digest", c.digest().toString())
        .put("size", c.size()));
    e.coordinates().ifPresent(c -> n.put("coordinates", c));
    n.put("stored", e.stored());
    return n;
  }

  static ObjectNode gpu(GpuSummary g) {
    ObjectNode n = object();
    n.put("index", g.index());
    n.put("uuid", g.uuid());
    n.put("meanUtilization", g.meanUtilization());
    n.put("p50Utilization", g.p50Utilization());
    n.put("maxUtilization", g.maxUtilization());
    n.put("hoursHeld", g.hoursHeld());
    n.put("hoursIdle", g.hoursIdle());
    return n;
  }

  static ObjectNode version(ModelVersion v) {
    ObjectNode n = object();
    n.put("model", v.model());
    n.put("version", v.version());
    n.set("artifact", artifact(v.artifact()));
    v.run().ifPresent(r -> n.put("run", r.value()));
    n.put("registeredBy", v.registeredBy());
    n.put("registeredAt", v.registeredAt().toString());
    return n;
  }

  /** A checkpoint's fields, put into {@code n}: the same in {@code seal}'s output and in {@code verify}'s. */
  static ObjectNode checkpoint(ObjectNode n, dev.lineage.maintenance.Checkpoint c) {
    return n.put("number", c.number()).put("sealedAt", c.sealedAt().toString()).put("heads", c.heads())
        .put("keyId", c.keyId()).put("checksum", c.checksum());
  }

  static ObjectNode move(AliasMove m) {
    ObjectNode n = object();
    n.put("model", m.model());
    n.put("alias", m.alias());
    n.put("sequence", m.sequence());
    n.put("kind", m.kind().name());
    if (m.from().isPresent()) {
      n.put("from", m.from().getAsInt());
    } else {
      n.putNull("from");
    }
    n.put("to", m.to());
    n.put("principal", m.principal());
    n.put("at", m.at().toString());
    n.put("reason", m.reason());
    m.source().ifPresent(s -> n.put("source", s));
    return n;
  }

  static ObjectNode problem(StoreProblem p) {
    ObjectNode n = object();
    n.put("key", p.key());
    p.run().ifPresent(r -> n.put("run", r.value()));
    n.put("kind", p.kind().name());
    n.put("message", p.message());
    return n;
  }
}
