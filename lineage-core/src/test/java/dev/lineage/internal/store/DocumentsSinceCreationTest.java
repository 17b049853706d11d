package dev.lineage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Formats made after checksums (maintenance locks, quarantine claims, checkpoints) carry one from their version 1,
 * and read back. A maintenance lock read as "a version-1 document with a checksum was not written by Lineage"
 * before, and as a downgrade in a store made with checksums.
 */
class DocumentsSinceCreationTest {
  @Test
  void aMaintenanceLockReadsBackInAStoreMadeWithChecksums() {
    try (Store store = Store.open(new InMemoryBackend(URI.create("mem:/locks")), Clock.systemUTC())) {
      LockDoc lock = store.locks().acquire("gc", "test", Duration.ofMinutes(1));
      assertEquals(lock, store.locks().live().orElseThrow());
    }
  }
}
