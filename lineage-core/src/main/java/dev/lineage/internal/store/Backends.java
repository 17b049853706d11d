package dev.lineage.internal.store;

import dev.lineage.InvalidInputException;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the backend for a store URI by scheme, through {@link ServiceLoader}. */
public final class Backends {
  private static final System.Logger LOG = System.getLogger(Backends.class.getName());
  private static final String TRANSFORMER =
      "<transformer implementation=\"org.apache.maven.plugins.shade.resource.ServicesResourceTransformer\"/>";
  /** Lineage's own backends: the artifact that has each, and its provider's class. */
  private static final Map<String, String[]> BUILT_IN = Map.of(
      "file", new String[] {"dev.lineage:lineage-storage-fs", "dev.lineage.internal.fs.FileSystemProvider"},
      "s3", new String[] {"dev.lineage:lineage-storage-s3", "dev.lineage.internal.s3.S3Provider"},
      "mem", new String[] {"dev.lineage:lineage-core", "dev.lineage.internal.store.InMemoryProvider"});
  private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    Optional<StorageProvider> builtIn = builtIn(scheme);
    if (builtIn.isPresent()) {
      if (WARNED.add(scheme)) {
        LOG.log(System.Logger.Level.WARNING, "found Lineage's '" + scheme + "' backend by its class name, not by "
            + "its META-INF/services entry: this looks like a fat jar whose build kept one services file of "
            + "several; add " + TRANSFORMER + " to its shade plugin's transformers, or other providers will be "
            + "missing too");
      }
      try {
        return builtIn.get().open(uri);
      } catch (dev.lineage.LineageException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new InvalidInputException("store", "cannot open " + uri + ": " + e);
      }
    }
    String artifact = BUILT_IN.containsKey(scheme) ? BUILT_IN.get(scheme)[0] : null;
    String hint = artifact == null ? "" : " (add the " + artifact + " dependency; in a fat jar built with the shade "
        + "plugin, also keep every META-INF/services file with " + TRANSFORMER + ")";
    throw new InvalidInputException("store", "no storage backend for scheme '" + scheme + "'" + hint
        + "; on the classpath: " + known);
  }

  /** One of Lineage's own providers found by class name, when its services entry was lost. */
  private static Optional<StorageProvider> builtIn(String scheme) {
    String[] known = BUILT_IN.get(scheme);
    if (known == null) {
      return Optional.empty();
    }
    try {
      Class<?> c = Class.forName(known[1], true, Backends.class.getClassLoader());
      return Optional.of((StorageProvider) c.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      return Optional.empty();
    }
  }
}
