package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryBackendConformanceTest extends StorageConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("conformance");
  }
}
