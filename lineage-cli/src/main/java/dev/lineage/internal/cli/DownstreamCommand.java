package dev.lineage.internal.cli;

import picocli.CommandLine.Command;

@Command(name = "downstream", description = "What a node went on to make: runs, artifacts and models, as a tree.",
    footer = {"", "Examples:", "  lineage downstream data/raw.csv", "  lineage downstream sha256:3f2a... --json"})
final class DownstreamCommand extends ClosureCommand {
  @Override
  boolean upstream() {
    return false;
  }
}
