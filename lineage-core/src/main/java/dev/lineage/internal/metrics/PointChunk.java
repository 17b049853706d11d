package dev.lineage.internal.metrics;

/** A fixed-size block of buffered points in primitive arrays: no object per point. */
final class PointChunk {
  final int[] keyIds;
  final long[] steps;
  final long[] timestamps;
  final double[] values;
  int size;

  PointChunk(int capacity) {
    keyIds = new int[capacity];
    steps = new long[capacity];
    timestamps = new long[capacity];
    values = new double[capacity];
  }

  /** Appends a point; returns true when the chunk is now full. */
  boolean add(int keyId, long step, long timestamp, double value) {
    keyIds[size] = keyId;
    steps[size] = step;
    timestamps[size] = timestamp;
    values[size] = value;
    return ++size == keyIds.length;
  }
}
