package dev.lineage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * Logs metrics and artifacts into one run. A {@link Run} is one; {@link Lineage#attach(RunHandle)} gives one
 * to another thread or JVM. Every writer writes only its own objects, so writers never contend, and readers
 * merge what all writers wrote.
 *
 * <p>Thread-safe. {@link #close()} flushes everything this writer logged.
 *
 * @since 0.1.0
 */
public interface RunWriter extends AutoCloseable {
  /** The run this writer writes into. */
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

  /**
   * Records {@code path} (a file or directory) as an input of the run, storing its content once. Its absolute
   * {@code file:} URI is recorded as the artifact's {@link Artifact#location() location}.
   */
  Artifact use(Path path);

  /** Like {@link #use(Path)}, with a logical name such as {@code "train-data"}. */
  Artifact use(Path path, String name);

  /** Records {@code path} (a file or directory) as an output of the run, storing its content once. */
  Artifact produce(Path path);

  /** Like {@link #produce(Path)}, with a logical name such as {@code "churn-model"}. */
  Artifact produce(Path path, String name);

  /**
   * Records content that exists only in memory (a generated dataset, a serialised configuration) as an input named
   * {@code name}: streamed once, hashed and stored once like a file's. The stream is read to its end, not closed.
   *
   * @throws InvalidInputException if {@code name} is not a valid name or {@code content} is null
   * @throws StorageException if the stream cannot be read or the content stored
   */
  Artifact use(String name, InputStream content);

  /** Like {@link #use(String, InputStream)}, as an output of the run. */
  Artifact produce(String name, InputStream content);

  /**
   * Like {@link #use(String, InputStream)}, for a dataset that lives at {@code location} (an object store key, a
   * table's folder on HDFS) and that {@code content} identifies: its bytes, or a listing of its files. The location
   * is recorded with the artifact, and is the dataset's OpenLineage namespace and name (docs/openlineage.md), so the
   * same files seen by another tool's integration join this run's lineage.
   *
   * @throws InvalidInputException if {@code location} is not an absolute, hierarchical URI, carries a password,
   *     or is longer than 2048 characters; or as {@link #use(String, InputStream)}
   * @since 0.1.0
   */
  Artifact use(URI location, String name, InputStream content);

  /** Like {@link #use(URI, String, InputStream)}, as an output of the run. */
  Artifact produce(URI location, String name, InputStream content);

  /**
   * Reports one interval of this run's work (a training iteration, a task): how long it waited for its input and
   * how long it computed, in nanoseconds. Two additions on the caller's thread; the sums reach the store with the
   * writer's next flush, summed over every writer of the run ({@link RunRecord#inputWait()}).
   *
   * @throws InvalidInputException if either is negative
   */
  void logInputWait(long waitedNanos, long computedNanos);

  /**
   * Records that something this run meant to record could not be stored: for code that must not throw into its
   * caller's (a training listener) and carries on without it. The run is then never {@link RunStatus#SUCCEEDED},
   * and {@link RunRecord#trackingErrors()} says {@code what}.
   */
  void markIncomplete(String what);

  /** Writes everything logged so far to the store before returning. */
  void flush();

  /** Flushes and releases this writer. Closing an attached writer does not finish the run. */
  @Override
  void close();
}
