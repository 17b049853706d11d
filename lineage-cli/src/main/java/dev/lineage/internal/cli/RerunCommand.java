package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.ReproduceRequest;
import dev.lineage.Rerun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rerun",
    description = "Reproduce a run, start it in a fresh JVM, and say whether it came out the same: outputs by digest, "
        + "params, and every point of the user's metrics. Exit status 0 when identical, 4 when not.",
    footer = {"", "Examples:", "  lineage rerun 01JD3Q", "  lineage rerun 01JD3Q --json | jq .verdict",
        "  LINEAGE_SECRET_1=... lineage rerun 01JD3Q --into /tmp/rerun --source ~/src/churn"})
final class RerunCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;
  @Mixin WorkspaceOptions workspace;

  @Parameters(paramLabel = "RUN", description = "A run id, or a unique prefix of 6+ characters.")
  String run;

  @Option(names = "--into", paramLabel = "DIR",
      description = "The workspace's directory (default: a new one under the temporary directory); it is kept.")
  Path into;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      Path dir = into != null ? into : Files.createTempDirectory("lineage-rerun-");
      ReproduceRequest.Builder b = ReproduceRequest.builder(NodeArgument.run(run, lineage.graph()), dir);
      workspace.applyTo(b);
      Rerun r = lineage.rerun(b.build());
      if (output.json) {
        Json.print(output.out(), json(r));
      } else {
        print(r, output.out());
      }
      return r.verdict() == Rerun.Verdict.IDENTICAL ? ExitCode.OK : ExitCode.DIFFERS;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void print(Rerun r, PrintWriter out) {
    out.println(r.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": run " + r.rerun()
        + " (" + r.status() + ") reproduces " + r.original());
    r.cacheHitOf().ifPresent(c -> out.println("  a step cache hit of run " + c + ": its outputs were served, not"
        + " recomputed (rerun into an empty store with reproduce --for-store to recompute them)"));
    r.outputs().forEach(o -> out.println("  output  " + o));
    r.params().forEach(p -> out.println("  param   " + p));
    r.metrics().forEach(m -> out.println("  metric  " + m.key() + ": " + m.what()
        + (Double.isNaN(m.largest()) ? "" : ", largest difference " + Human.number(m.largest()))));
    out.println("workspace " + r.workspace().directory() + " (the program's output: " + r.log() + ")");
  }

  private static ObjectNode json(Rerun r) {
    ObjectNode n = Json.object();
    n.put("original", r.original().value());
    n.put("rerun", r.rerun().value());
    n.put("verdict", r.verdict().name());
    n.put("status", r.status().name());
    r.cacheHitOf().ifPresent(c -> n.put("cacheHitOf", c.value()));
    ArrayNode outputs = n.putArray("outputs");
    r.outputs().forEach(outputs::add);
    ArrayNode params = n.putArray("params");
    r.params().forEach(params::add);
    ArrayNode metrics = n.putArray("metrics");
    r.metrics().forEach(m -> {
      ObjectNode o = metrics.addObject().put("key", m.key()).put("what", m.what());
      m.firstStep().ifPresent(s -> o.put("firstStep", s));
      if (!Double.isNaN(m.largest())) {
        o.put("largest", m.largest());
      }
    });
    n.put("workspace", r.workspace().directory().toString());
    n.put("log", r.log().toString());
    return n;
  }
}
