package dev.lineage;

/**
 * The code of a run, for {@link Lineage#run(String, RunBody)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RunBody<T, E extends Exception> {
  /** Does the run's work, logging into {@code run}; what it returns, {@code Lineage.run} returns. */
  T apply(Run run) throws E;
}
