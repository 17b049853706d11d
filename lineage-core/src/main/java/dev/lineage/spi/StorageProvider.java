package dev.lineage.spi;

import java.net.URI;

/**
 * Opens backends for one URI scheme. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.lineage.spi.StorageProvider}), so adding a backend's jar to the classpath is
 * enough for {@code Lineage.open("scheme:...")} to find it.
 *
 * @since 0.1.0
 */
public interface StorageProvider {
  /** The URI scheme this provider handles, in lower case, for example {@code "file"}. */
  String scheme();

  /** Opens a backend for {@code uri}; throws {@link dev.lineage.InvalidInputException} for a bad URI. */
  StorageBackend open(URI uri);
}
