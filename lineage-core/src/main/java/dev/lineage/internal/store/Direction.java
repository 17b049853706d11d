package dev.lineage.internal.store;

/** Which side of a run an artifact is on. */
public enum Direction {
  /** An input: the run read it. */
  USED,
  /** An output: the run wrote it. */
  PRODUCED
}
