package dev.lineage.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.GpuSummary;
import org.junit.jupiter.api.Test;

class GpuStatsTest {
  @Test
  void summaryArithmetic() {
    GpuStats s = new GpuStats(3, "GPU-x");
    for (double u : new double[] {0, 0, 50, 100}) {
      s.add(u, 10);
    }
    GpuSummary summary = s.summary(2.0);
    assertEquals(new GpuSummary(3, "GPU-x", 37.5, 25, 100, 2.0, 1.0), summary);
  }

  @Test
  void oddCountMedianAndClamping() {
    GpuStats s = new GpuStats(0, "GPU-y");
    for (double u : new double[] {90, 7, 120, 9.6}) { // 120 is clamped to 100; 9.6 rounds to 10 but is idle
      s.add(u, 10);
    }
    s.add(40, 10);
    GpuSummary summary = s.summary(1.0);
    assertEquals(40, summary.p50Utilization());
    assertEquals(100, summary.maxUtilization());
    assertEquals(0.4, summary.hoursIdle(), 1e-12, "7 and 9.6 are below 10%");
  }

  @Test
  void noSamplesMeansZeroes() {
    assertEquals(new GpuSummary(0, "u", 0, 0, 0, 1.5, 0), new GpuStats(0, "u").summary(1.5));
  }
}
