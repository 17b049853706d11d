package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.spi.StorageBackend;
import java.util.EnumSet;

/**
 * Backends with random faults on, for running the conformance suites as users' storage behaves on a bad day:
 * every fault kind at {@value #RATE} of operations, never the same operation on the same key twice in a row.
 *
 * @since 0.1.0
 */
public final class FaultyBackends {
  /** The share of operations that fail. */
  public static final double RATE = 0.05;

  private FaultyBackends() {}

  /**
   * {@code backend} failing {@link #RATE} of its reads, stats, puts and lists at random (seeded by {@code seed}), each
   * in one of the ways a real store fails.
   */
  public static FaultInjectingBackend around(StorageBackend backend, long seed) {
    return new FaultInjectingBackend(backend).randomly(RATE, seed, EnumSet.of(FaultInjectingBackend.Fault.TRANSIENT,
        FaultInjectingBackend.Fault.LANDED_THEN_UNKNOWN, FaultInjectingBackend.Fault.UNKNOWN_NOT_LANDED,
        FaultInjectingBackend.Fault.TRUNCATED));
  }

  /**
   * Asserts that Lineage deleted nothing but step cache entries a test invalidated (an explicit call) and blobs
   * it moved to quarantine after proving them corrupt (a copy stays): nothing stored was destroyed.
   */
  public static void assertNothingStoredWasDeleted(FaultInjectingBackend faults) {
    for (String key : faults.deletesByLineage()) {
      boolean invalidated = key.startsWith("stepcache/");
      boolean quarantined = key.startsWith("blobs/sha256/")
          && !faults.delegate().listAll("quarantine/sha256/" + key.substring(key.lastIndexOf('/') + 1) + "/")
              .isEmpty();
      assertTrue(invalidated || quarantined, "Lineage deleted " + key + " (all its deletes: "
          + faults.deletesByLineage() + ")");
    }
  }
}
