package dev.lineage.internal.run;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import dev.lineage.RunWriter;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.metrics.MetricBuffer;
import dev.lineage.internal.store.Records;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Logs metrics and artifacts into a run under this writer's own id; never contends with other writers. */
public class DefaultRunWriter implements RunWriter {
  final RunId runId;
  final String writerId;
  final WriterContext ctx;
  final Journal journal;
  private final MetricBuffer metrics;
  private final Consumer<DefaultRunWriter> onClose;
  private volatile boolean closed;

  DefaultRunWriter(RunId runId, WriterContext ctx, Consumer<DefaultRunWriter> onClose) {
    this.runId = runId;
    this.writerId = Ulid.next(ctx.clock().millis());
    this.ctx = ctx;
    this.onClose = onClose;
    this.journal = new Journal(runId, writerId, ctx.backend());
    this.metrics = new MetricBuffer(runId, writerId, ctx.backend(), ctx.clock(), ctx.executor(), ctx.tempDir(),
        ctx.metricBufferPoints());
  }

  /** Attaches a new writer to an existing run. */
  public static DefaultRunWriter attach(RunId runId, WriterContext ctx, Consumer<DefaultRunWriter> onClose) {
    return new DefaultRunWriter(runId, ctx, onClose);
  }

  @Override
  public RunId id() {
    return runId;
  }

  /** Metric keys starting with this are the system sampler's. */
  static final String RESERVED_METRIC_PREFIX = "lineage.";

  @Override
  public void logMetric(String key, double value, long step) {
    ensureOpen();
    rejectReserved(key);
    if (step < 0) {
      throw new InvalidInputException("metric step", "must be >= 0, was " + step);
    }
    metrics.log(key, value, step);
  }

  @Override
  public void logMetric(String key, double value) {
    ensureOpen();
    rejectReserved(key);
    metrics.log(key, value);
  }

  /** Logs a system metric under a reserved key, at the next step. */
  public void logSystemMetric(String key, double value) {
    ensureOpen();
    metrics.log(key, value);
  }

  private static void rejectReserved(String key) {
    if (key != null && key.startsWith(RESERVED_METRIC_PREFIX)) {
      throw new InvalidInputException("metric key", "the '" + RESERVED_METRIC_PREFIX + "' prefix is reserved for "
          + "system metrics: " + key);
    }
  }

  @Override
  public Artifact use(Path path) {
    return record("USED", path, null);
  }

  @Override
  public Artifact use(Path path, String name) {
    return record("USED", path, requireName(name));
  }

  @Override
  public Artifact produce(Path path) {
    return record("PRODUCED", path, null);
  }

  @Override
  public Artifact produce(Path path, String name) {
    return record("PRODUCED", path, requireName(name));
  }

  private static String requireName(String name) {
    if (name == null) {
      throw new InvalidInputException("artifact name", "must not be null; use the overload without a name");
    }
    return name;
  }

  private Artifact record(String direction, Path path, String name) {
    ensureOpen();
    Artifact artifact = ctx.artifacts().store(path, name);
    recordStored(direction, artifact);
    return artifact;
  }

  /** Records {@code path}, already described as {@code described}, as an input, storing what the store lacks. */
  public Artifact useDescribed(Path path, Artifact described) {
    ensureOpen();
    Artifact artifact = ctx.artifacts().storeDescribed(path, described);
    recordStored("USED", artifact);
    return artifact;
  }

  /** Records an artifact whose content is already in the store (a cached step's inputs and outputs). */
  public void recordStored(String direction, Artifact artifact) {
    ensureOpen();
    journal.append(Records.Event.artifact(ctx.clock().millis(), direction, artifact.digest().toString(),
        artifact.kind().name(), artifact.size(), artifact.name().orElse(null)));
  }

  @Override
  public void flush() {
    // Metrics first, so a reader that sees a journal entry never misses points logged before it.
    metrics.flush();
    for (MetricBuffer.Summary m : metrics.changedSummaries()) {
      journal.append(Records.Event.metric(m.lastAt(), m.key(), m.count(), m.lastStep(), m.lastValue(), m.min(),
          m.max()));
    }
    journal.flush();
  }

  /** Flush from the background timer; skipped once closed. */
  public void flushQuietlyIfOpen() {
    if (!closed) {
      flush();
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("run writer " + runId + "/" + writerId + " is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flush();
    } finally {
      onClose.accept(this);
    }
  }
}
