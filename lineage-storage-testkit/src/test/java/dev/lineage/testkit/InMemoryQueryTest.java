package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryQueryTest extends QueryConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("query");
  }
}
