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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a task attempt logs into: metric points wait in memory until the attempt succeeds, then travel to the driver
 * with its claim ({@link Claims}); a failed, killed or refused attempt's points are dropped. A point logged without
 * a step is logged at the task's partition number. Artifacts and input wait go to a writer of the attempt's own at
 * once (a failed attempt did read and write what it read and wrote), attached to the run on the first of them and
 * closed when the attempt ends, before its claim: an attempt that records none attaches nothing, so losing its
 * executor afterwards loses nothing.
 */
final class TaskAttempt implements RunWriter {
  /** The most points one attempt holds; past it, the rest are dropped and the run marked incomplete. */
  static final int MAX_POINTS = 1_000_000;

  final int stageId;
  final int partition;
  final long taskAttemptId;
  private final RunId run;
  private final Supplier<RunWriter> attach;
  private final Consumer<String> marks;
  private RunWriter writer;
  private final List<String> keys = new ArrayList<>();
  private long[] steps = new long[64];
  private double[] values = new double[64];
  private int[] keyOf = new int[64];
  private int size;
  private boolean overflowed;

  /**
   * @param attach attaches a writer to the run, when the attempt first records an artifact or its input wait
   * @param marks where the attempt's own losses go (to the driver, which marks the run)
   */
  TaskAttempt(int stageId, int partition, long taskAttemptId, RunId run, Supplier<RunWriter> attach,
      Consumer<String> marks) {
    this.stageId = stageId;
    this.partition = partition;
    this.taskAttemptId = taskAttemptId;
    this.run = run;
    this.attach = attach;
    this.marks = marks;
  }

  synchronized boolean hasPoints() {
    return size > 0;
  }

  /** The claim of this attempt's partition, carrying its points in the order they were logged. */
  synchronized Claims.Claim claim() {
    return new Claims.Claim(stageId, partition, taskAttemptId, keys.toArray(String[]::new),
        Arrays.copyOf(keyOf, size), Arrays.copyOf(steps, size), Arrays.copyOf(values, size));
  }

  /** Whether the attempt attached a writer of its own (it recorded an artifact or its input wait). */
  synchronized boolean attached() {
    return writer != null;
  }

  /** Makes what the attempt recorded durable and closes its writer, if it attached one. */
  synchronized void closeWriter() {
    if (writer != null) {
      writer.close();
    }
  }

  /** Makes what the attempt recorded durable but leaves its writer open, as a process killed before the close does. */
  synchronized void flushWriter() {
    if (writer != null) {
      writer.flush();
    }
  }

  private synchronized RunWriter writer() {
    if (writer == null) {
      writer = attach.get();
    }
    return writer;
  }

  @Override
  public RunId id() {
    return run;
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
        marks.accept("task " + taskAttemptId + " (stage " + stageId + ", partition " + partition
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
    return writer().use(path);
  }

  @Override
  public Artifact use(Path path, String name) {
    return writer().use(path, name);
  }

  @Override
  public Artifact produce(Path path) {
    return writer().produce(path);
  }

  @Override
  public Artifact produce(Path path, String name) {
    return writer().produce(path, name);
  }

  @Override
  public Artifact use(String name, InputStream content) {
    return writer().use(name, content);
  }

  @Override
  public Artifact produce(String name, InputStream content) {
    return writer().produce(name, content);
  }

  @Override
  public Artifact use(URI location, String name, InputStream content) {
    return writer().use(location, name, content);
  }

  @Override
  public Artifact produce(URI location, String name, InputStream content) {
    return writer().produce(location, name, content);
  }

  @Override
  public void logInputWait(long waitedNanos, long computedNanos) {
    writer().logInputWait(waitedNanos, computedNanos);
  }

  @Override
  public void markIncomplete(String what) {
    marks.accept(what);
  }

  /** Points wait for the attempt to succeed and go to the driver then; its artifacts are recorded at once. */
  @Override
  public void flush() {}

  /** The attempt's writer is closed when the attempt ends: closing the task's view does nothing. */
  @Override
  public void close() {}
}
