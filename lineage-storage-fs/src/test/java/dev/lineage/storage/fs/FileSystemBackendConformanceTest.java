package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.StorageConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBackendConformanceTest extends StorageConformanceTest {
  @TempDir Path dir;

  @Override
  protected StorageBackend newBackend() {
    return FileSystemBackend.open(dir.resolve("store"));
  }
}
