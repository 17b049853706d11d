package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.StoreProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Option;

/** {@code --store}, else {@code LINEAGE_STORE}, else {@code ./lineage-store}: the library's own order. */
final class StoreOption {
  @Option(names = "--store", paramLabel = "STORE",
      description = "The store: a directory, file:/path or s3://bucket/prefix (default: $LINEAGE_STORE, else "
          + "./lineage-store).")
  String store;

  private final List<StoreProblem> met = new CopyOnWriteArrayList<>();

  /** The damaged objects the store's answers left out so far (each once), for {@link Problems#warn}. */
  List<StoreProblem> problemsMet() {
    return List.copyOf(met);
  }

  String location() {
    if (store != null && !store.isBlank()) {
      return store;
    }
    String env = System.getenv(Lineage.STORE_ENV);
    return env != null && !env.isBlank() ? env : Lineage.DEFAULT_STORE;
  }

  /**
   * Opens an existing store; never creates one, never publishes an index on its own, and samples nothing, so
   * looking changes nothing.
   */
  Lineage open() {
    String location = location();
    if (!location.contains(":") || location.startsWith("file:")) {
      Path path = Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
      if (Files.isRegularFile(path)) {
        throw new StoreUnavailableException("the store " + location + " is a file, not a store directory", null);
      }
    }
    try {
      return Lineage.builder().store(location).createStore(false).autoIndex(0).systemMetrics(false)
          .problemListener(met::add).build();
    } catch (LineageException e) {
      throw new StoreUnavailableException("cannot open the store " + location + ": " + e.getMessage(), e);
    }
  }
}
