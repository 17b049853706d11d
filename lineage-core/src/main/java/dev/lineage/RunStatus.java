package dev.lineage;

/**
 * A run's state. A run whose process died before it finished stays {@link #RUNNING}: it is never reported as
 * {@link #SUCCEEDED} unless it recorded that itself.
 */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED;

  public boolean isFinished() {
    return this != RUNNING;
  }
}
