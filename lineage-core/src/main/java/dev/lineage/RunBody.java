package dev.lineage;

/**
 * The code of a run, for {@link Lineage#run(String, RunBody)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RunBody<T, E extends Exception> {
  T apply(Run run) throws E;
}
