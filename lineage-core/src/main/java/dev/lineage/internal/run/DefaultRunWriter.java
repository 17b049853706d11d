package dev.lineage.internal.run;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.LineageException;
import dev.lineage.RunId;
import dev.lineage.RunWriter;
import dev.lineage.StorageException;
import dev.lineage.internal.Locations;
import dev.lineage.internal.Names;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.metrics.MetricBuffer;
import dev.lineage.internal.store.BlobObjects;
import dev.lineage.internal.store.Direction;
import dev.lineage.internal.store.JournalEvent;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Logs metrics and artifacts into a run under this writer's own id; never contends with other writers.
 *
 * <p>Params, tags and artifact events reach the store within the journal linger (default 250 ms) of the call;
 * metric points every flush interval. A failure to store metrics never holds back the journal, and is recorded
 * in it as a tracking error, so the run can never read as complete (or succeeded) when it is not.
 */
public class DefaultRunWriter implements RunWriter {
  private static final System.Logger LOG = System.getLogger(DefaultRunWriter.class.getName());
  /** Metric keys starting with this are the system sampler's. */
  private static final int MAX_RECORDED_ERRORS = 10;

  final RunId runId;
  final String writerId;
  final WriterContext ctx;
  final Journal journal;
  private final MetricBuffer metrics;
  private final Consumer<DefaultRunWriter> onClose;
  private final AtomicBoolean reuseChecked = new AtomicBoolean();
  private final AtomicBoolean backgroundFailureLogged = new AtomicBoolean();
  private final List<String> trackingErrors = new CopyOnWriteArrayList<>();
  private final Object flushLock = new Object();
  private final InputWaitSums inputWait = new InputWaitSums();
  /** Whether this writer attached to a run it does not own: it then says so first, and says when it closes. */
  private final boolean attached;
  /** A quarter of the lease its run recorded: readers hold the writer alive for the whole lease. */
  private final long heartbeatMillis;
  private volatile boolean closed;

  /** {@code startChecksum}: the run start's, which the writer's first batch names (null for a version-1 start). */
  DefaultRunWriter(RunId runId, WriterContext ctx, Consumer<DefaultRunWriter> onClose, String startChecksum) {
    this(runId, ctx, onClose, false, ctx.lease(), startChecksum);
  }

  private DefaultRunWriter(RunId runId, WriterContext ctx, Consumer<DefaultRunWriter> onClose, boolean attached,
      Duration lease, String startChecksum) {
    this.attached = attached;
    this.heartbeatMillis = Math.max(HEARTBEAT_FLOOR_MILLIS, lease.toMillis() / 4);
    this.runId = runId;
    this.writerId = Ulid.next(ctx.clock().millis());
    this.ctx = ctx;
    this.onClose = onClose;
    this.journal = new Journal(ctx.store().runs(), runId, writerId, startChecksum, ctx.clock(),
        this::scheduleJournalFlush);
    this.metrics = new MetricBuffer(runId, writerId, ctx.store().runs(), ctx.clock(), ctx.executor(), ctx.tempDir(),
        ctx.metricBufferPoints());
  }

  /**
   * Attaches a new writer to an existing run. Its first batch, saying it attached, is in the store before this
   * returns: from then on the run cannot read as succeeded until this writer's close is stored too, so a writer
   * whose process dies is seen (docs/storage-format.md, the status rule).
   */
  public static DefaultRunWriter attach(RunId runId, Duration runLease, String startChecksum, WriterContext ctx,
      Consumer<DefaultRunWriter> onClose) {
    DefaultRunWriter writer = new DefaultRunWriter(runId, ctx, onClose, true, runLease, startChecksum);
    writer.journal.append(new JournalEvent.Attached(ctx.clock().millis()));
    writer.journal.flush();
    return writer;
  }

  @Override
  public RunId id() {
    return runId;
  }

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
    if (key != null && Names.isReserved(key)) {
      throw new InvalidInputException("metric key", "the '" + Names.RESERVED_PREFIX + "' prefix is reserved for "
          + "system metrics: " + key);
    }
  }

  @Override
  public Artifact use(Path path) {
    return record(Direction.USED, path, null);
  }

  @Override
  public Artifact use(Path path, String name) {
    return record(Direction.USED, path, requireName(name));
  }

  @Override
  public Artifact produce(Path path) {
    return record(Direction.PRODUCED, path, null);
  }

  @Override
  public Artifact produce(Path path, String name) {
    return record(Direction.PRODUCED, path, requireName(name));
  }

  @Override
  public Artifact use(String name, InputStream content) {
    return recordStream(Direction.USED, null, name, content);
  }

  @Override
  public Artifact produce(String name, InputStream content) {
    return recordStream(Direction.PRODUCED, null, name, content);
  }

  @Override
  public Artifact use(URI location, String name, InputStream content) {
    return recordStream(Direction.USED, requireLocation(location), name, content);
  }

  @Override
  public Artifact produce(URI location, String name, InputStream content) {
    return recordStream(Direction.PRODUCED, requireLocation(location), name, content);
  }

  private Artifact recordStream(Direction direction, URI location, String name, InputStream content) {
    ensureOpen();
    Artifact stored = ctx.artifacts().storeStream(content, requireName(name), ctx.tempDir(), reuseGuard());
    Artifact artifact = location == null ? stored
        : new Artifact(stored.digest(), stored.kind(), stored.size(), stored.name(), Optional.of(location));
    recordStored(direction, artifact);
    return artifact;
  }

  private static URI requireLocation(URI location) {
    if (location == null) {
      throw new InvalidInputException("artifact location", "must not be null; use the overload without one");
    }
    String problem = Locations.problem(location);
    if (problem != null) {
      throw new InvalidInputException("artifact location", problem);
    }
    return location;
  }

  @Override
  public void logInputWait(long waitedNanos, long computedNanos) {
    ensureOpen();
    if (waitedNanos < 0 || computedNanos < 0) {
      throw new InvalidInputException("input wait", "waited and computed nanoseconds must be >= 0, were "
          + waitedNanos + " and " + computedNanos);
    }
    inputWait.add(waitedNanos, computedNanos);
  }

  @Override
  public void markIncomplete(String what) {
    if (what == null || what.isBlank()) {
      throw new InvalidInputException("what", "must say what could not be recorded");
    }
    trackingError(what);
    append(new JournalEvent.Incomplete(ctx.clock().millis(), what));
  }

  private static String requireName(String name) {
    if (name == null) {
      throw new InvalidInputException("artifact name", "must not be null; use the overload without a name");
    }
    return name;
  }

  private Artifact record(Direction direction, Path path, String name) {
    ensureOpen();
    Artifact artifact = ctx.artifacts().store(path, name, reuseGuard());
    recordStored(direction, artifact);
    return artifact;
  }

  /** Records {@code path}, already described as {@code described}, as an input, storing what the store lacks. */
  public Artifact useDescribed(Path path, Artifact described) {
    ensureOpen();
    Artifact artifact = ctx.artifacts().storeDescribed(path, described, reuseGuard());
    recordStored(Direction.USED, artifact);
    return artifact;
  }

  /** Records an artifact whose content is already in the store (a cached step's inputs and outputs). */
  public void recordStored(Direction direction, Artifact artifact) {
    append(new JournalEvent.ArtifactEdge(ctx.clock().millis(), direction, artifact.digest().toString(),
        artifact.kind(), artifact.size(), artifact.name().orElse(null),
        artifact.location().map(URI::toString).orElse(null)));
  }

  /**
   * Before this writer first relies on content already in the store, it waits out any garbage collection that is
   * deleting (docs/storage-format.md): one look per writer is enough, because a collection that starts later
   * sees this writer's run open and deletes nothing.
   */
  private BlobObjects.ReuseGuard reuseGuard() {
    return () -> !reuseChecked.getAndSet(true) && ctx.store().locks().awaitNone();
  }

  void append(JournalEvent event) {
    ensureOpen();
    journal.append(event);
  }

  private void scheduleJournalFlush() {
    try {
      ctx.timer().schedule(() -> ctx.executor().execute(this::flushJournalInBackground),
          ctx.journalLinger().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // the Lineage is closing: its close flushes every open writer
    }
  }

  private void flushJournalInBackground() {
    try {
      journal.flush();
    } catch (RuntimeException e) {
      // Sealed batches stay queued and are offered again by the next flush; nothing is lost.
      if (backgroundFailureLogged.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "journal of run " + runId + " could not be written yet; it is kept "
            + "and retried (logged once per writer)", e);
      }
    }
  }

  /** The shortest time between two heartbeats, whatever the lease. */
  static final long HEARTBEAT_FLOOR_MILLIS = 250;

  /** Publishes a heartbeat if this writer has been silent for a quarter of its run's lease. */
  void heartbeatIfIdle() {
    if (!closed) {
      try {
        journal.heartbeatIfIdle(heartbeatMillis);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "heartbeat of run " + runId + " failed", e);
      }
    }
  }

  /**
   * Writes metric segments, then the journal (whatever the segments did). Throws if anything could not be
   * stored now. What is kept to retry (a sealed journal batch, a segment file) is not lost; what can never be
   * stored is recorded as a tracking error of the run, in its journal.
   */
  @Override
  public void flush() {
    flush(false);
  }

  /** The flush of a closing writer: anything it cannot store now is lost for good. */
  void flushFinal() {
    flush(true);
  }

  private void flush(boolean last) {
    synchronized (flushLock) {
      RuntimeException metricsFailure = null;
      try {
        if (last) {
          metrics.flushFinal();
        } else {
          metrics.flush();
        }
      } catch (RuntimeException | LinkageError | AssertionError e) {
        metricsFailure = asLineageException("writing metrics of run " + runId + " failed", e);
      }
      metrics.published().forEach(journal::append);
      inputWait.changedSince().ifPresent(sums -> journal.append(new JournalEvent.InputWait(ctx.clock().millis(),
          sums[0], sums[1], sums[2])));
      for (MetricBuffer.Summary m : metrics.changedSummaries()) {
        journal.append(new JournalEvent.Metric(m.lastAt(), m.key(), m.count(), m.lastStep(),
            Double.toString(m.lastValue()), Double.toString(m.min()), Double.toString(m.max())));
      }
      for (String loss : metrics.losses()) {
        trackingError(loss);
        journal.append(new JournalEvent.Incomplete(ctx.clock().millis(), loss));
      }
      if (last && attached) {
        journal.append(new JournalEvent.Closed(ctx.clock().millis()));
      }
      try {
        journal.flush();
      } catch (RuntimeException e) {
        if (last) {
          trackingError("the journal of run " + runId + " could not be written: " + e.getMessage());
        }
        if (metricsFailure != null) {
          e.addSuppressed(metricsFailure);
        }
        throw e;
      }
      if (metricsFailure != null) {
        throw metricsFailure;
      }
    }
  }

  private static RuntimeException asLineageException(String what, Throwable e) {
    if (e instanceof LineageException l) {
      return l;
    }
    return new StorageException(what + ": " + e, e);
  }

  private void trackingError(String message) {
    if (trackingErrors.size() < MAX_RECORDED_ERRORS) {
      trackingErrors.add(message);
    }
  }

  /** What this writer failed to store so far. */
  List<String> trackingErrors() {
    return List.copyOf(trackingErrors);
  }

  /** Flush from the background timer; skipped once closed. */
  public void flushQuietlyIfOpen() {
    if (!closed) {
      flush();
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new InvalidInputException("run writer", "run " + runId + " (writer " + writerId + ") is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Marks the writer closed so that nothing more can be logged, without flushing (the caller flushes). */
  boolean markClosed() {
    boolean was = closed;
    closed = true;
    return !was;
  }

  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    try {
      flushFinal();
    } finally {
      onClose.accept(this);
    }
  }

  void released() {
    onClose.accept(this);
  }
}
