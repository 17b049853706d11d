package dev.lineage.internal.cli;

import dev.lineage.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How values read on a terminal: relative times, short durations, short digests, plain numbers. */
final class Human {
  private Human() {}

  static String ago(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      return "in " + span(d.negated());
    }
    return d.getSeconds() < 5 ? "just now" : span(d) + " ago";
  }

  /** The largest unit that fits, once: {@code 42s}, {@code 3m}, {@code 5h}, {@code 2d}. */
  static String span(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86_400) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }

  /** {@code 1m 05s}-style duration of a run, with seconds for short ones. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  static String shortDigest(Digest d) {
    return "sha256:" + d.hex().substring(0, 12);
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
  }

  /**
   * What an artifact is, for people: a Spark dataset (named {@code dataset:<root>}, docs/spark.md) is recorded as the
   * document that lists its files, whose kind and size are the document's, not the table's, so neither is shown.
   */
  static String kind(dev.lineage.Artifact a) {
    return isDataset(a) ? "dataset" : a.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** An artifact's size, or "-" for a dataset (its listing's size says nothing of the table's). */
  static String size(dev.lineage.Artifact a) {
    return isDataset(a) ? "-" : bytes(a.size());
  }

  /** What an artifact is and, unless it is a dataset, its size: "file, 80 B", "dataset". */
  static String kindAndSize(dev.lineage.Artifact a) {
    return isDataset(a) ? kind(a) : kind(a) + ", " + bytes(a.size());
  }

  private static boolean isDataset(dev.lineage.Artifact a) {
    return a.kind() == dev.lineage.ArtifactKind.FILE && a.name().filter(n -> n.startsWith("dataset:")).isPresent();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
