package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;

class InMemoryDoctorTest extends DoctorConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return MemoryBackends.fresh("doctor");
  }
}
