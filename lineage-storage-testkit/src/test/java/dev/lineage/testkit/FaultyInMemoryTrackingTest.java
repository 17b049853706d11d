package dev.lineage.testkit;

import dev.lineage.Lineage;
import org.junit.jupiter.api.AfterEach;

/** The tracking suite with faults on: every assertion must hold through them. */
class FaultyInMemoryTrackingTest extends TrackingConformanceTest {
  private FaultInjectingBackend faults;

  @Override
  protected Lineage.Builder newStore() {
    faults = FaultyBackends.around(MemoryBackends.fresh("faulty-tracking"), 11);
    return Lineage.builder().backend(faults).tempDir(tmp).cacheDir(tmp.resolve("cache"));
  }

  @AfterEach
  void nothingDeleted() {
    FaultyBackends.assertNothingStoredWasDeleted(faults);
  }
}
