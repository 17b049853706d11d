package dev.lineage.testkit;

import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.spi.StorageBackend;
import java.net.URI;

class InMemoryQueryTest extends QueryConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return new InMemoryBackend(URI.create("mem:/query"));
  }
}
