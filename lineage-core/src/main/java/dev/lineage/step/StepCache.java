package dev.lineage.step;

import java.util.List;

/**
 * Inspects and invalidates the step cache of a store.
 *
 * @since 0.1.0
 */
public interface StepCache {
  /** The entries of a step, oldest first. */
  List<StepCacheEntry> entries(String step);

  /** Deletes every entry of a step, so that its next run recomputes; returns how many were deleted. */
  int invalidate(String step);
}
