package dev.lineage;

import java.nio.file.Path;

/**
 * Logs metrics and artifacts into one run. A {@link Run} is one; {@link Lineage#attach(RunHandle)} gives one
 * to another thread or JVM. Every writer writes only its own objects, so writers never contend, and readers
 * merge what all writers wrote.
 *
 * <p>Thread-safe. {@link #close()} flushes everything this writer logged.
 */
public interface RunWriter extends AutoCloseable {
  RunId id();

  /**
   * Logs {@code value} at an explicit {@code step}. Costs the caller a few tens of nanoseconds: points go into
   * a bounded buffer that is written as Parquet in the background. When the buffer is full the caller waits
   * (back-pressure) instead of memory growing.
   *
   * @throws InvalidInputException if {@code key} is not a valid name (see {@link Run#logParam})
   */
  void logMetric(String key, double value, long step);

  /** Logs {@code value} at the step after the last one this writer logged for {@code key} (0 first). */
  void logMetric(String key, double value);

  /** Records {@code path} (a file or directory) as an input of the run, storing its content once. */
  Artifact use(Path path);

  /** Like {@link #use(Path)}, with a logical name such as {@code "train-data"}. */
  Artifact use(Path path, String name);

  /** Records {@code path} (a file or directory) as an output of the run, storing its content once. */
  Artifact produce(Path path);

  /** Like {@link #produce(Path)}, with a logical name such as {@code "churn-model"}. */
  Artifact produce(Path path, String name);

  /** Writes everything logged so far to the store before returning. */
  void flush();

  /** Flushes and releases this writer. Closing an attached writer does not finish the run. */
  @Override
  void close();
}
