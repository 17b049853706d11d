package dev.lineage.storage.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.SealConformanceTest;

class S3SealTest extends SealConformanceTest {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return S3Fixture.newBackend();
  }
}
