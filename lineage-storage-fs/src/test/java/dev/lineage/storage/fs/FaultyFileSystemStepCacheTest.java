package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.FaultInjectingBackend;
import dev.lineage.testkit.FaultyBackends;
import dev.lineage.testkit.StepCacheConformanceTest;
import org.junit.jupiter.api.AfterEach;

/** The step cache suite on a real directory with faults on. */
class FaultyFileSystemStepCacheTest extends StepCacheConformanceTest {
  private FaultInjectingBackend faults;

  @Override
  protected StorageBackend newBackend() {
    faults = FaultyBackends.around(FileSystemBackend.open(tmp.resolve("store")), 22);
    return faults;
  }

  @AfterEach
  void nothingDeleted() {
    FaultyBackends.assertNothingStoredWasDeleted(faults);
  }
}
