package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.MaintenanceConformanceTest;

class FileSystemMaintenanceTest extends MaintenanceConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return FileSystemBackend.open(tmp.resolve("store"));
  }
}
