package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryRecordIntegrityTest extends RecordIntegrityConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("integrity");
  }
}
