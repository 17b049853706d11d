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
    try {
      // "mem:" alone is not a valid URI; give it an empty path.
      return new URI(store.endsWith(":") ? store + "/" : store);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("store", "not a valid URI: " + e.getMessage());
    }
  }

  public static StorageBackend open(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    TreeSet<String> known = new TreeSet<>();
    for (StorageProvider provider : ServiceLoader.load(StorageProvider.class, Backends.class.getClassLoader())) {
      if (provider.scheme().equals(scheme)) {
        return provider.open(uri);
      }
      known.add(provider.scheme());
    }
    String hint = scheme.equals("file") ? " (add the dev.lineage:lineage-storage-fs dependency)"
        : scheme.equals("s3") ? " (add the dev.lineage:lineage-storage-s3 dependency)" : "";
    throw new InvalidInputException("store", "no storage backend for scheme '" + scheme + "'" + hint
        + "; on the classpath: " + known);
  }
}
