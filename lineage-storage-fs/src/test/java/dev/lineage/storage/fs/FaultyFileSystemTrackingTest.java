package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.testkit.FaultInjectingBackend;
import dev.lineage.testkit.FaultyBackends;
import dev.lineage.testkit.TrackingConformanceTest;
import org.junit.jupiter.api.AfterEach;

/** The tracking suite on a real directory with faults on: every assertion must hold through them. */
class FaultyFileSystemTrackingTest extends TrackingConformanceTest {
  private FaultInjectingBackend faults;

  @Override
  protected Lineage.Builder newStore() {
    faults = FaultyBackends.around(FileSystemBackend.open(tmp.resolve("store-" + System.nanoTime())), 21);
    return Lineage.builder().backend(faults).tempDir(tmp).cacheDir(tmp.resolve("cache"));
  }

  @AfterEach
  void nothingDeleted() {
    FaultyBackends.assertNothingStoredWasDeleted(faults);
  }
}
