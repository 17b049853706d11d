package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryStepCacheTest extends StepCacheConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("steps");
  }
}
