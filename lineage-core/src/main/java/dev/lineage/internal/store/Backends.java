package dev.lineage.internal.store;

import dev.lineage.InvalidInputException;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the backend for a store URI by scheme, through {@link ServiceLoader}. */
public final class Backends {
  private Backends() {}

  /** Parses a store string: a URI with a scheme, or a plain filesystem path (made absolute). */
  public static URI parse(String store) {
    if (store.startsWith("/") || store.startsWith(".") || !store.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return Path.of(store).toAbsolutePath().normalize().toUri();
    }
    URI uri;
    try {
      // "mem:" alone is not a valid URI; give it an empty path.
      uri = new URI(store.endsWith(":") ? store + "/" : store);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("store", "not a valid URI: " + e.getMessage());
    }
    if (uri.getScheme().equalsIgnoreCase("file") && uri.isOpaque()) {
      throw new InvalidInputException("store", "a file: URI names an absolute path (file:/path/to/store), was '"
          + store + "'; for a path relative to the working directory, pass the path itself ("
          + uri.getSchemeSpecificPart() + ")");
    }
    return uri;
  }

  public static StorageBackend open(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    TreeSet<String> known = new TreeSet<>();
    for (StorageProvider provider : ServiceLoader.load(StorageProvider.class, Backends.class.getClassLoader())) {
      if (provider.scheme().equals(scheme)) {
        try {
          return provider.open(uri);
        } catch (dev.lineage.LineageException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new InvalidInputException("store", "cannot open " + uri + ": " + e);
        }
      }
      known.add(provider.scheme());
    }
    String hint = scheme.equals("file") ? " (add the dev.lineage:lineage-storage-fs dependency)"
        : scheme.equals("s3") ? " (add the dev.lineage:lineage-storage-s3 dependency)" : "";
    throw new InvalidInputException("store", "no storage backend for scheme '" + scheme + "'" + hint
        + "; on the classpath: " + known);
  }
}
