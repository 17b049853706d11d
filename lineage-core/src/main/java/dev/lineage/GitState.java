package dev.lineage;

/** Whether the working tree had uncommitted changes. UNKNOWN when it could not be checked; never guessed. */
public enum GitState {
  CLEAN,
  DIRTY,
  UNKNOWN
}
