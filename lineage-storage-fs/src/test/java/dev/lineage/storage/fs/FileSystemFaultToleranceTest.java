package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.FaultToleranceConformanceTest;

class FileSystemFaultToleranceTest extends FaultToleranceConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return FileSystemBackend.open(tmp.resolve("store"));
  }
}
