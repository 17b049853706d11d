package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryMaintenanceTest extends MaintenanceConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("maintenance");
  }
}
