package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.StoreProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Option;

/** {@code --store}, else the library's default ({@link Lineage#defaultStore()}): one precedence everywhere. */
final class StoreOption {
  @Option(names = "--store", paramLabel = "STORE",
      description = "The store: a directory, file:/path or s3://bucket/prefix (default: -Dlineage.store, else "
          + "$LINEAGE_STORE, else ./lineage-store).")
  String store;

  private final List<StoreProblem> met = new CopyOnWriteArrayList<>();

  /** The damaged objects the store's answers left out so far (each once), for {@link Problems#warn}. */
  List<StoreProblem> problemsMet() {
    return List.copyOf(met);
  }

  String location() {
    return store != null && !store.isBlank() ? store : Lineage.defaultStore();
  }

  /**
   * Opens an existing store read-only, for the commands that look: no thread, no git, no write of any kind, so
   * looking changes nothing.
   */
  Lineage open() {
    return open(true);
  }

  /**
   * Opens an existing store for the commands that change it (promote, gc, index publish, a promotion from the
   * ui); never creates one, never publishes an index on its own, and samples nothing.
   */
  Lineage openWritable() {
    return open(false);
  }

  private Lineage open(boolean readOnly) {
    String location = location();
    if (!location.contains(":") || location.startsWith("file:")) {
      Path path = Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
      if (Files.isRegularFile(path)) {
        throw new StoreUnavailableException("the store " + location + " is a file, not a store directory", null);
      }
    }
    try {
      Lineage.Builder builder = Lineage.builder().store(location).problemListener(met::add);
      return (readOnly ? builder.readOnly(true)
          : builder.createStore(false).autoIndex(0).systemMetrics(false)).build();
    } catch (LineageException e) {
      throw new StoreUnavailableException("cannot open the store " + location + ": " + e.getMessage(), e);
    }
  }
}
