package dev.lineage;

/**
 * Whether the working tree had uncommitted changes. UNKNOWN when it could not be checked; never guessed.
 *
 * @since 0.1.0
 */
public enum GitState {
  CLEAN,
  DIRTY,
  UNKNOWN
}
