package dev.lineage.storage.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.FaultToleranceConformanceTest;

class S3FaultToleranceTest extends FaultToleranceConformanceTest {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return S3Fixture.newBackend();
  }
}
