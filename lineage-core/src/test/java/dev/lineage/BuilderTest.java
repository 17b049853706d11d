package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lineage's builder: each option set once, the earlier value named; conflicting options refused at the setter. */
class BuilderTest {
  @Test
  void aSecondSetNamesTheEarlierValue() {
    InvalidInputException store = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().store("/tmp/a").store("/tmp/b"));
    assertEquals("store", store.field());
    assertTrue(store.rule().contains("already set to /tmp/a"), store.getMessage());
    InvalidInputException flush = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().flushInterval(Duration.ofSeconds(3)).flushInterval(Duration.ofSeconds(4)));
    assertTrue(flush.rule().contains("already set to PT3S"), flush.getMessage());
    InvalidInputException backend = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().store("mem:").backend(new dev.lineage.internal.store.InMemoryBackend(
            java.net.URI.create("mem:/x"))));
    assertEquals("backend", backend.field());
    assertTrue(backend.rule().contains("already set to mem:"), backend.getMessage());
  }

  @Test
  void theSamplersOptionsConflictWithTheSamplerOffWhicheverIsSetFirst() {
    InvalidInputException after = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().systemMetrics(false).gpuIdleThreshold(5));
    assertEquals("gpuIdleThreshold", after.field());
    assertTrue(after.rule().contains("systemMetrics(false)"), after.getMessage());
    InvalidInputException before = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().systemMetricsInterval(Duration.ofSeconds(2)).systemMetrics(false));
    assertEquals("systemMetrics", before.field());
    assertTrue(before.rule().contains("systemMetricsInterval"), before.getMessage());
    assertThrows(InvalidInputException.class, () -> Lineage.builder().systemMetrics(false).systemMetricsInterval(
        Duration.ofSeconds(2)));
    Lineage.builder().systemMetrics(true).gpuIdleThreshold(5).systemMetricsInterval(Duration.ofSeconds(2));
  }
}
