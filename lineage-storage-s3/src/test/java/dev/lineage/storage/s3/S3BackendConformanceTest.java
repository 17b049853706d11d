package dev.lineage.storage.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.StorageConformanceTest;

/** The storage contract against a real S3 server (S3Proxy, signatures checked). */
class S3BackendConformanceTest extends StorageConformanceTest {
  @Override
  protected StorageBackend newBackend() throws Exception {
    return S3Fixture.newBackend();
  }
}
