package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.testkit.TrackingConformanceTest;

/** The tracking suite over a real directory, the store found by its file: URI through ServiceLoader. */
class FileSystemTrackingTest extends TrackingConformanceTest {
  @Override
  protected Lineage.Builder newStore() {
    return Lineage.builder().store(tmp.resolve("store").toUri().toString()).tempDir(tmp);
  }
}
