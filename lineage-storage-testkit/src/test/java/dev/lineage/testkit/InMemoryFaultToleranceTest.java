package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryFaultToleranceTest extends FaultToleranceConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("faults");
  }
}
