package dev.lineage.internal.query;

import java.util.Arrays;

/**
 * Edges grouped by source in compressed sparse rows: source {@code s}'s targets are {@code targets[start[s]]
 * .. targets[start[s+1]-1]}, in the order the edges were given. Two int arrays, however many edges.
 */
record Adjacency(int[] start, int[] targets) {
  /** Groups {@code count} edges {@code from[i] -> to[i]} over sources {@code 0 .. sources-1} (stable). */
  static Adjacency of(int sources, int[] from, int[] to, int count) {
    int[] start = new int[sources + 1];
    for (int i = 0; i < count; i++) {
      start[from[i] + 1]++;
    }
    for (int s = 0; s < sources; s++) {
      start[s + 1] += start[s];
    }
    int[] next = Arrays.copyOf(start, sources);
    int[] targets = new int[count];
    for (int i = 0; i < count; i++) {
      targets[next[from[i]]++] = to[i];
    }
    return new Adjacency(start, targets);
  }

  int from(int source) {
    return start[source];
  }

  int to(int source) {
    return start[source + 1];
  }

  int target(int position) {
    return targets[position];
  }
}
