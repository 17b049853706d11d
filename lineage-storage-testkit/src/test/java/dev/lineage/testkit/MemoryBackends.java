package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import java.net.URI;
import java.util.ServiceLoader;

/** A fresh in-memory backend, found as a user's code finds one: by its URI scheme, through the SPI. */
final class MemoryBackends {
  private MemoryBackends() {}

  static StorageBackend fresh(String name) {
    for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
      if (p.scheme().equals("mem")) {
        return p.open(URI.create("mem:/" + name));
      }
    }
    throw new AssertionError("no mem: provider on the classpath");
  }
}
