package dev.lineage.internal.cli;

import picocli.CommandLine.Command;

@Command(name = "upstream", description = "What a node was made from: runs, inputs, params and code, as a tree.",
    footer = {"", "Examples:", "  lineage upstream churn@1", "  lineage upstream churn:production --depth 2",
        "  lineage upstream out/model.bin --json"})
final class UpstreamCommand extends ClosureCommand {
  @Override
  boolean upstream() {
    return true;
  }
}
