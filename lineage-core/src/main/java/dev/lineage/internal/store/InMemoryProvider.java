package dev.lineage.internal.store;

import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import java.net.URI;

/** {@code mem:} URIs. Each open gives a new, empty store: state belongs to the backend instance. */
public final class InMemoryProvider implements StorageProvider {
  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public StorageBackend open(URI uri) {
    return new InMemoryBackend(uri);
  }
}
