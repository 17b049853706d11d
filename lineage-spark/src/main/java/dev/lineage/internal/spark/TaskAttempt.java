package dev.lineage.internal.spark;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import dev.lineage.RunWriter;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A task attempt's view of the executor's writer: metric points wait in memory until the attempt succeeds and its
 * claim is granted, then go to the executor's writer; a failed, killed or refused attempt's points are dropped.
 * A point logged without a step is logged at the task's partition number. Artifacts and input wait go to the
 * writer at once: a failed attempt did read and write what it read and wrote.
 */
final class TaskAttempt implements RunWriter {
  /** The most points one attempt holds; past it, the rest are dropped and the run marked incomplete. */
  static final int MAX_POINTS = 1_000_000;

  final int stageId;
  final int partition;
  final long taskAttemptId;
  private final RunWriter writer;
  private final List<String> keys = new ArrayList<>();
  private long[] steps = new long[64];
  private double[] values = new double[64];
  private int[] keyOf = new int[64];
  private int size;
  private boolean overflowed;

  TaskAttempt(int stageId, int partition, long taskAttemptId, RunWriter writer) {
    this.stageId = stageId;
    this.partition = partition;
    this.taskAttemptId = taskAttemptId;
    this.writer = writer;
  }

  boolean hasPoints() {
    return size > 0;
  }

  /** Logs the held points into the executor's writer, in the order they were logged. */
  void release() {
    for (int i = 0; i < size; i++) {
      writer.logMetric(keys.get(keyOf[i]), values[i], steps[i]);
    }
  }

  @Override
  public RunId id() {
    return writer.id();
  }

  @Override
  public synchronized void logMetric(String key, double value, long step) {
    if (key == null || key.isEmpty()) {
      throw new InvalidInputException("metric key", "must not be empty");
    }
    if (step < 0) {
      throw new InvalidInputException("metric step", "must be >= 0, was " + step);
    }
    if (size == MAX_POINTS) {
      if (!overflowed) {
        overflowed = true;
        writer.markIncomplete("task " + taskAttemptId + " (stage " + stageId + ", partition " + partition
            + ") logged more than " + MAX_POINTS + " points; the rest were dropped");
      }
      return;
    }
    if (size == steps.length) {
      steps = Arrays.copyOf(steps, size * 2);
      values = Arrays.copyOf(values, size * 2);
      keyOf = Arrays.copyOf(keyOf, size * 2);
    }
    int k = keys.indexOf(key);
    if (k < 0) {
      keys.add(key);
      k = keys.size() - 1;
    }
    steps[size] = step;
    values[size] = value;
    keyOf[size] = k;
    size++;
  }

  @Override
  public void logMetric(String key, double value) {
    logMetric(key, value, partition);
  }

  @Override
  public Artifact use(Path path) {
    return writer.use(path);
  }

  @Override
  public Artifact use(Path path, String name) {
    return writer.use(path, name);
  }

  @Override
  public Artifact produce(Path path) {
    return writer.produce(path);
  }

  @Override
  public Artifact produce(Path path, String name) {
    return writer.produce(path, name);
  }

  @Override
  public Artifact use(String name, InputStream content) {
    return writer.use(name, content);
  }

  @Override
  public Artifact produce(String name, InputStream content) {
    return writer.produce(name, content);
  }

  @Override
  public Artifact use(URI location, String name, InputStream content) {
    return writer.use(location, name, content);
  }

  @Override
  public Artifact produce(URI location, String name, InputStream content) {
    return writer.produce(location, name, content);
  }

  @Override
  public void logInputWait(long waitedNanos, long computedNanos) {
    writer.logInputWait(waitedNanos, computedNanos);
  }

  @Override
  public void markIncomplete(String what) {
    writer.markIncomplete(what);
  }

  /** Points wait for the attempt to succeed; the executor flushes them then. */
  @Override
  public void flush() {}

  /** The executor's writer outlives its tasks: closing a task's view does nothing. */
  @Override
  public void close() {}
}
