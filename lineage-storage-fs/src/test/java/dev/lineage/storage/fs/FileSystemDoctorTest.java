package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.DoctorConformanceTest;

class FileSystemDoctorTest extends DoctorConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return FileSystemBackend.open(tmp.resolve("store"));
  }
}
