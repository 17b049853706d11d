package dev.lineage.testkit;

import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.spi.StorageBackend;
import java.net.URI;

class InMemoryStepCacheTest extends StepCacheConformanceTest {
  @Override
  protected StorageBackend newBackend() {
    return new InMemoryBackend(URI.create("mem:/steps"));
  }
}
