package dev.lineage;

/**
 * Whether the working tree had uncommitted changes. UNKNOWN when it could not be checked; never guessed.
 *
 * @since 0.1.0
 */
public enum GitState {
  /** The working tree matched the commit. */
  CLEAN,
  /** The working tree had changes the commit does not hold. */
  DIRTY,
  /** Not a git working tree, or git could not be asked. */
  UNKNOWN
}
