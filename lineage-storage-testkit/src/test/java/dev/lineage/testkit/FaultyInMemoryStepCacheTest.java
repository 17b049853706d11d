package dev.lineage.testkit;

import dev.lineage.spi.StorageBackend;
import org.junit.jupiter.api.AfterEach;

/** The step cache suite with faults on. */
class FaultyInMemoryStepCacheTest extends StepCacheConformanceTest {
  private FaultInjectingBackend faults;

  @Override
  protected StorageBackend newBackend() {
    faults = FaultyBackends.around(MemoryBackends.fresh("faulty-steps"), 12);
    return faults;
  }

  @AfterEach
  void nothingDeleted() {
    FaultyBackends.assertNothingStoredWasDeleted(faults);
  }
}
