package dev.lineage.internal.cli;

import dev.lineage.ReproduceRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where {@code reproduce} and {@code rerun} take a run's source and libraries from. */
final class WorkspaceOptions {
  @Option(names = "--source", paramLabel = "CLONE",
      description = "A local clone of the run's repository: its commit is checked out into the workspace, with the "
          + "run's uncommitted change applied.")
  Path source;

  @Option(names = "--repository", paramLabel = "URL",
      description = "A Maven repository to fetch libraries from, after the local one (repeatable; replaces Maven "
          + "Central).")
  List<URI> repositories;

  @Option(names = "--offline", description = "Fetch libraries from the local Maven repository only.")
  boolean offline;

  ReproduceRequest.Builder applyTo(ReproduceRequest.Builder b) {
    if (offline || repositories != null) {
      b.repositories(offline ? List.of() : repositories);
    }
    if (source != null) {
      b.source(source);
    }
    return b;
  }
}
