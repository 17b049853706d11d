package dev.lineage.testkit;

import dev.lineage.Lineage;

class InMemoryTrackingTest extends TrackingConformanceTest {
  @Override
  protected Lineage.Builder newStore() {
    return Lineage.builder().store("mem:").tempDir(tmp);
  }
}
