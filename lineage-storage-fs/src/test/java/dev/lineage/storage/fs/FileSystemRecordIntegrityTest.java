package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.RecordIntegrityConformanceTest;

class FileSystemRecordIntegrityTest extends RecordIntegrityConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return FileSystemBackend.open(tmp.resolve("store"));
  }
}
