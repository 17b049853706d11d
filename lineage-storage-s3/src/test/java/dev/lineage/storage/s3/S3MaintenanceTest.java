package dev.lineage.storage.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.MaintenanceConformanceTest;

class S3MaintenanceTest extends MaintenanceConformanceTest {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return S3Fixture.newBackend();
  }
}
