package dev.lineage.step;

/**
 * The work of a step; skipped entirely on a cache hit. Produce outputs with {@link StepContext#produce}.
 *
 * <p>{@link java.io.Serializable} so that the JVM can say which method holds a lambda's code and what it
 * captured: the step's code fingerprint starts from there (docs/step-cache.md). Nothing is ever serialized.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StepBody<E extends Exception> extends java.io.Serializable {
  /** Computes the step: reads its declared inputs and writes its outputs into {@code ctx.outputDir()}. */
  void run(StepContext ctx) throws E;
}
