package dev.lineage.step;

/** The work of a step; skipped entirely on a cache hit. Produce outputs with {@link StepContext#produce}. */
@FunctionalInterface
public interface StepBody<E extends Exception> {
  void run(StepContext ctx) throws E;
}
