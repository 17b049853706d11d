package dev.lineage.bench;

import java.util.Arrays;

/** Medians of repeated measurements: the machine is shared and noisy, so single runs prove nothing. */
final class Stats {
  private Stats() {}

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String list(double[] values, String format) {
    StringBuilder b = new StringBuilder();
    for (double v : values) {
      b.append(b.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, format, v));
    }
    return b.toString();
  }
}
