package dev.lineage.storage.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.RecordIntegrityConformanceTest;

class S3RecordIntegrityTest extends RecordIntegrityConformanceTest {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return S3Fixture.newBackend();
  }
}
