package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "index", description = "The store's query index.", subcommands = IndexCommand.Publish.class,
    synopsisSubcommandLabel = "COMMAND")
final class IndexCommand {
  @Command(name = "publish",
      description = "Compact the runs written since the last index snapshot into a new one, so later opens are fast.",
      footer = {"", "Example:", "  lineage index publish"})
  static final class Publish implements Callable<Integer> {
    @Mixin StoreOption store;
    @Mixin Output output;

    @Override
    public Integer call() {
      try (Lineage lineage = store.openWritable()) {
        OptionalLong snapshot = lineage.publishIndex();
        if (output.json) {
          com.fasterxml.jackson.databind.node.ObjectNode n = Json.object();
          n.put("published", snapshot.isPresent());
          snapshot.ifPresent(s -> n.put("snapshot", s));
          n.put("runs", lineage.graph().runCount());
          Json.print(output.out(), n);
        } else if (snapshot.isPresent()) {
          output.out().println("published index snapshot " + snapshot.getAsLong() + " over "
              + lineage.graph().runCount() + " runs");
        } else {
          output.out().println("the index is up to date: no run has finished since its newest snapshot (or another "
              + "process published one at the same moment)");
        }
      }
      return ExitCode.OK;
    }
  }
}
