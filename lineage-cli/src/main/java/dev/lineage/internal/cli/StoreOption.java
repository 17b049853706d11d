package dev.lineage.internal.cli;

import dev.lineage.InvalidInputException;
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
      // One form a line: a help column wraps inside a URI (after "s3:"), never inside a short line.
      description = {"The store, one of:", "  a directory", "  file:/path", "  s3://bucket/prefix",
          "(default: -Dlineage.store, else $LINEAGE_STORE, else ./lineage-store)."})
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
    localPath(location).filter(Files::isRegularFile).ifPresent(p -> {
      throw new StoreUnavailableException("the store " + location + " is a file, not a store directory", null);
    });
    try {
      Lineage.Builder builder = Lineage.builder().store(location).problemListener(met::add);
      return (readOnly ? builder.readOnly(true)
          : builder.createStore(false).autoIndex(0).systemMetrics(false)).build();
    } catch (LineageException e) {
      throw new StoreUnavailableException("cannot open the store " + location + ": " + e.getMessage(), e);
    }
  }

  /** The local path a store string names, if it names one: a plain path or a {@code file:} URI with a path. */
  private static java.util.Optional<Path> localPath(String location) {
    if (!location.contains(":")) {
      return java.util.Optional.of(Path.of(location));
    }
    if (!location.startsWith("file:")) {
      return java.util.Optional.empty();
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--store", "is not a valid URI: " + e.getMessage());
    }
    if (uri.getPath() == null || uri.getPath().isEmpty()) {
      throw new InvalidInputException("--store", "a file: URI names an absolute path (file:/path/to/store), was '"
          + location + "'; give a relative path without file:");
    }
    return java.util.Optional.of(Path.of(uri.getPath()));
  }
}
