package dev.lineage.storage.fs;

import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.FaultInjectingBackend;
import dev.lineage.testkit.FaultyBackends;
import dev.lineage.testkit.QueryConformanceTest;
import org.junit.jupiter.api.AfterEach;

/** The lineage query and registry suite on a real directory with faults on. */
class FaultyFileSystemQueryTest extends QueryConformanceTest {
  private FaultInjectingBackend faults;

  @Override
  protected StorageBackend newBackend() {
    faults = FaultyBackends.around(FileSystemBackend.open(tmp.resolve("store")), 23);
    return faults;
  }

  @AfterEach
  void nothingDeleted() {
    FaultyBackends.assertNothingStoredWasDeleted(faults);
  }
}
