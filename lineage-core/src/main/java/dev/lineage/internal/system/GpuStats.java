package dev.lineage.internal.system;

import dev.lineage.GpuSummary;

/**
 * One GPU's utilisation samples during one run, in constant memory: count, sum, max, and a histogram of whole
 * percents for the median (nvidia-smi reports whole percents, so the median is exact).
 */
final class GpuStats {
  private final int index;
  private final String uuid;
  private final long[] histogram = new long[101];
  private long samples;
  private long idleSamples;
  private double sum;
  private double max;

  GpuStats(int index, String uuid) {
    this.index = index;
    this.uuid = uuid;
  }

  void add(double utilizationPercent, double idleBelowPercent) {
    double u = Math.max(0, Math.min(100, utilizationPercent));
    samples++;
    sum += u;
    max = Math.max(max, u);
    histogram[(int) Math.round(u)]++;
    if (u < idleBelowPercent) {
      idleSamples++;
    }
  }

  long samples() {
    return samples;
  }

  /** The summary for a run that held this GPU for {@code hoursHeld}; idle time is the idle share of samples. */
  GpuSummary summary(double hoursHeld) {
    double idleShare = samples == 0 ? 0 : (double) idleSamples / samples;
    return new GpuSummary(index, uuid, samples == 0 ? 0 : sum / samples, median(), max, hoursHeld,
        hoursHeld * idleShare);
  }

  private double median() {
    if (samples == 0) {
      return 0;
    }
    long seen = 0;
    long lowerRank = (samples + 1) / 2; // the lower middle for an even count
    long upperRank = samples / 2 + 1;
    int lower = -1;
    for (int p = 0; p <= 100; p++) {
      seen += histogram[p];
      if (lower < 0 && seen >= lowerRank) {
        lower = p;
      }
      if (seen >= upperRank) {
        return (lower + p) / 2.0;
      }
    }
    return lower;
  }
}
