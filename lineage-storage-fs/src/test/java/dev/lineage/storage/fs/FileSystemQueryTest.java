package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.QueryConformanceTest;

class FileSystemQueryTest extends QueryConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return FileSystemBackend.open(tmp.resolve("store"));
  }
}
