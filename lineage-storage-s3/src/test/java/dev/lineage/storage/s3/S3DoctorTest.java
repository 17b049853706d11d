package dev.lineage.storage.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.DoctorConformanceTest;

class S3DoctorTest extends DoctorConformanceTest {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return S3Fixture.newBackend();
  }
}
