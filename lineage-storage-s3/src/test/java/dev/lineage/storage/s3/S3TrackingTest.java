package dev.lineage.storage.s3;

import dev.lineage.Lineage;
import dev.lineage.testkit.TrackingConformanceTest;

class S3TrackingTest extends TrackingConformanceTest {
  @Override
  protected Lineage.Builder newStore() throws Exception {
    return Lineage.builder().backend(S3Fixture.newBackend()).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work"));
  }
}
