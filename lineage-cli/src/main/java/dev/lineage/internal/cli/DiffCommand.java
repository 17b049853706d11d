package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;

import dev.lineage.query.LineageGraph;
import dev.lineage.query.RunDiff;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "diff",
    description = "What differs between two runs: params, inputs, outputs, code, environment, final metrics.",
    footer = {"", "Example:", "  lineage diff 01JD3Q8Z4K 01JD3R2M7P"})
final class DiffCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "RUN_A") String a;
  @Parameters(index = "1", paramLabel = "RUN_B") String b;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      LineageGraph graph = lineage.graph();
      RunDiff d = graph.diff(NodeArgument.run(a, graph), NodeArgument.run(b, graph));
      if (output.json) {
        Json.print(output.out(), json(d));
      } else {
        print(d);
      }
    }
    return ExitCode.OK;
  }

  private void print(RunDiff d) {
    if (d.isEmpty()) {
      output.out().println("No differences between " + d.a() + " and " + d.b() + ".");
      return;
    }
    Table t = new Table("", "KEY", "A " + d.a(), "B " + d.b());
    new TreeMap<>(d.paramsChanged()).forEach((k, c) -> t.row("param", k, c.a().text(), c.b().text()));
    new TreeMap<>(d.paramsRemoved()).forEach((k, v) -> t.row("param", k, v.text(), "-"));
    new TreeMap<>(d.paramsAdded()).forEach((k, v) -> t.row("param", k, "-", v.text()));
    new TreeMap<>(d.inputs()).forEach((k, c) -> t.row("input", k, art(c.a()), art(c.b())));
    new TreeMap<>(d.outputs()).forEach((k, c) -> t.row("output", k, art(c.a()), art(c.b())));
    new TreeMap<>(d.code()).forEach((k, c) -> t.row("code", k, c.a(), c.b()));
    new TreeMap<>(d.environment()).forEach((k, c) -> t.row("env", k, c.a().orElse("-"), c.b().orElse("-")));
    new TreeMap<>(d.finalMetrics()).forEach((k, c) -> t.row("metric", k, c.a().map(Human::number).orElse("-"),
        c.b().map(Human::number).orElse("-")));
    t.print(output.out());
  }

  private static String art(Optional<dev.lineage.Artifact> a) {
    return a.map(x -> Human.shortDigest(x.digest())).orElse("-");
  }

  private static ObjectNode json(RunDiff d) {
    ObjectNode n = Json.object();
    n.put("a", d.a().value());
    n.put("b", d.b().value());
    n.set("paramsAdded", Json.params(d.paramsAdded()));
    n.set("paramsRemoved", Json.params(d.paramsRemoved()));
    ObjectNode changed = n.putObject("paramsChanged");
    new TreeMap<>(d.paramsChanged()).forEach((k, c) -> changed.set(k,
        pair(Json.params(Map.of("v", c.a())).get("v"), Json.params(Map.of("v", c.b())).get("v"))));
    n.set("inputs", changes(d.inputs(), o -> o.map(x -> x.digest().toString()).orElse(null)));
    n.set("outputs", changes(d.outputs(), o -> o.map(x -> x.digest().toString()).orElse(null)));
    n.set("code", changes(d.code(), s -> s));
    n.set("environment", changes(d.environment(), o -> o.orElse(null)));
    ObjectNode metrics = n.putObject("finalMetrics");
    new TreeMap<>(d.finalMetrics()).forEach((k, c) -> {
      ObjectNode p = metrics.putObject(k);
      c.a().ifPresentOrElse(v -> p.put("a", v), () -> p.putNull("a"));
      c.b().ifPresentOrElse(v -> p.put("b", v), () -> p.putNull("b"));
    });
    return n;
  }

  private static <T> ObjectNode changes(Map<String, RunDiff.Change<T>> map, Function<T, String> text) {
    ObjectNode n = Json.object();
    new TreeMap<>(map).forEach((k, c) -> {
      ObjectNode p = n.putObject(k);
      p.put("a", text.apply(c.a()));
      p.put("b", text.apply(c.b()));
    });
    return n;
  }

  private static ObjectNode pair(com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b) {
    ObjectNode p = Json.object();
    p.set("a", a);
    p.set("b", b);
    return p;
  }

}
