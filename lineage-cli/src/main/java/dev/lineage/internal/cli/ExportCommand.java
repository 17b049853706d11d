package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import dev.lineage.RunStatus;
import dev.lineage.openlineage.OpenLineageExport;
import dev.lineage.query.RunQuery;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", description = "Send lineage to other tools.", subcommands = ExportCommand.OpenLineage.class,
    synopsisSubcommandLabel = "COMMAND")
final class ExportCommand {
  @Command(name = "openlineage",
      description = "Send runs as OpenLineage run events (START, then COMPLETE, FAIL or ABORT) to Marquez or any "
        + "OpenLineage backend, a file, or standard output.",
      footer = {"", "Examples:", "  lineage export openlineage --to http://localhost:5000",
          "  lineage export openlineage --to file:/tmp/events.ndjson --since 1d",
          "  lineage export openlineage --to - --name train | jq .eventType"})
  static final class OpenLineage implements Callable<Integer> {
    @Mixin StoreOption store;
    @Mixin Output output;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
        description = {"Where to, one of:", "  - (stdout, one event per line)", "  console (stdout, pretty-printed)",
            "  file:PATH", "  http(s)://URL"})
    String to;
    @Option(names = "--namespace", defaultValue = "lineage", description = "The jobs' namespace (default ${DEFAULT-VALUE}).")
    String namespace;
    @Option(names = "--name", description = "Only runs of this name.") String name;
    @Option(names = "--status", description = "Only runs in this state.") RunStatus status;
    @Option(names = "--since", paramLabel = "TIME", description = "Started at or after: " + TimeArgument.HELP)
    String since;

    @Override
    public Integer call() {
      RunQuery q = RunQuery.all();
      if (name != null) {
        q = q.name(name);
      }
      if (status != null) {
        q = q.status(status);
      }
      if (since != null) {
        q = q.startedBetween(TimeArgument.parse("--since", since, output.now()), TimeArgument.END_OF_TIME);
      }
      int sent;
      try (Lineage lineage = store.open(); OpenLineageExport export = OpenLineageExport.to(to, namespace,
          output.out())) {
        sent = export.export(lineage, q);
      }
      if (!to.equals("-")) {
        output.err().println("sent " + sent + " OpenLineage event(s) to " + to);
      }
      return ExitCode.OK;
    }
  }
}
