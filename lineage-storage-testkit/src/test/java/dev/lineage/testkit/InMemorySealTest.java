package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemorySealTest extends SealConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("seal");
  }
}
