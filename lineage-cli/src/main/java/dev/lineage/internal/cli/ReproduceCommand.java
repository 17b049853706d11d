package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.ReproduceRequest;
import dev.lineage.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce",
    description = "Build a workspace from which a run starts again as it was recorded: its class path (the user's "
        + "code from the store, libraries from Maven repositories, each checked against its digest), its file inputs, "
        + "its source at its commit, and run.sh, which starts the same command.",
    footer = {"", "Examples:", "  lineage reproduce 01JD3Q --into /tmp/repro && sh /tmp/repro/run.sh",
        "  lineage reproduce 01JD3Q --into repro --source ~/src/churn --for-store ./rerun-store",
        "  lineage reproduce 01JD3Q --into repro \\", "      --repository https://nexus.acme.com/maven/"})
final class ReproduceCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;
  @Mixin WorkspaceOptions workspace;

  @Parameters(paramLabel = "RUN", description = "A run id, or a unique prefix of 6+ characters.")
  String run;

  @Option(names = "--into", required = true, paramLabel = "DIR",
      description = "The workspace's directory: it must not exist, or be empty.")
  Path into;

  @Option(names = "--for-store", paramLabel = "STORE",
      description = "The store the reproduced program records into (-Dlineage.store).")
  String forStore;

  @Option(names = "--debug", description = "The script starts the JVM waiting for a debugger on port 5005.")
  boolean debug;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      ReproduceRequest.Builder b = ReproduceRequest.builder(NodeArgument.run(run, lineage.graph()), into)
          .debug(debug);
      workspace.applyTo(b);
      if (forStore != null) {
        b.store(forStore);
      }
      Workspace w = lineage.reproduce(b.build());
      if (output.json) {
        Json.print(output.out(), json(w));
      } else {
        print(w, output.out());
      }
    }
    return ExitCode.OK;
  }

  private static void print(Workspace w, PrintWriter out) {
    out.println("workspace " + w.directory() + " for run " + w.run());
    out.println("  class path  " + w.classpath().size() + " entries, each checked against its recorded digest");
    w.inputs().forEach((a, p) -> out.println("  input       " + a.name().orElse(a.digest().toString()) + " -> "
        + w.directory().relativize(p)));
    w.source().ifPresent(s -> out.println("  source      " + w.directory().relativize(s)));
    w.secrets().forEach((name, what) -> out.println("  set " + name + " to " + what + " (it was not recorded)"));
    out.println("start it with: sh " + w.script());
  }

  private static ObjectNode json(Workspace w) {
    ObjectNode n = Json.object();
    n.put("run", w.run().value());
    n.put("directory", w.directory().toString());
    n.put("script", w.script().toString());
    n.put("workingDirectory", w.workingDirectory().toString());
    ArrayNode cp = n.putArray("classpath");
    w.classpath().forEach(p -> cp.add(p.toString()));
    ArrayNode inputs = n.putArray("inputs");
    w.inputs().forEach((a, p) -> inputs.addObject().put("digest", a.digest().toString())
        .put("name", a.name().orElse(null)).put("path", p.toString()));
    ObjectNode secrets = n.putObject("secrets");
    w.secrets().forEach(secrets::put);
    w.source().ifPresent(s -> n.put("source", s.toString()));
    return n;
  }
}
