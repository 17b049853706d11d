package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;
import org.junit.jupiter.api.AfterEach;

/** The lineage query and registry suite with faults on. */
class FaultyInMemoryQueryTest extends QueryConformanceTest {
  private FaultInjectingBackend faults;

  @Override
  protected StorageBackend newBackend() {
    faults = FaultyBackends.around(MemoryBackends.fresh("faulty-query"), 13);
    return faults;
  }

  @AfterEach
  void nothingDeleted() {
    FaultyBackends.assertNothingStoredWasDeleted(faults);
  }
}
