package dev.lineage.internal.run;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.Fingerprint;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.RunId;
import dev.lineage.SourceState;
import dev.lineage.internal.DaemonThreads;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.env.FingerprintCapture;
import dev.lineage.internal.env.FingerprintSource;
import dev.lineage.internal.store.CommandDoc;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.FingerprintDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.store.SourceStateDoc;
import dev.lineage.internal.store.Store;
import dev.lineage.internal.system.SystemSampler;
import dev.lineage.spi.Payload;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one owner of the life of every run and writer a Lineage opens: it starts runs (with the process's
 * fingerprint and the system sampler), attaches writers, keeps them flushed and heard from (the flush timer, and
 * the heartbeats that hold their lease), and ends them when the Lineage closes: a run still open is KILLED, an
 * attached writer is closed. Nothing above it keeps writers or calls back into it.
 */
public final class RunOwner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RunOwner.class.getName());

  private final WriterContext ctx;
  private final FingerprintSource fingerprints;
  private final SystemSampler sampler;
  /** Null when the code is not recorded. */
  private final CodeCapture code;
  /** The run this JVM reproduces (a workspace's script says so): every run started here records it. */
  private final Optional<RunId> reproduces;
  private final Set<DefaultRun> runs = ConcurrentHashMap.newKeySet();
  private final Set<DefaultRunWriter> attached = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  /** The diffs this owner has stored: each once, before the first run start that names it. */
  private final Set<Digest> diffsStored = ConcurrentHashMap.newKeySet();

  /** What a Lineage's runs are written with. */
  public record Settings(Clock clock, Executor executor, Path tempDir, int metricBufferPoints,
      Duration journalLinger, Duration lease, Duration flushInterval, boolean recordCode,
      Optional<RunId> reproduces) {}

  /**
   * Starts the machinery of writing: the flush timer and heartbeats now; the fingerprint capture was started by
   * {@code fingerprints}, the sampler ({@code null} for none) samples only while a run is open.
   */
  public RunOwner(Store store, ArtifactStore artifacts, Settings s, FingerprintSource fingerprints,
      SystemSampler sampler) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("lineage-flush-timer"));
    this.ctx = new WriterContext(store, artifacts, s.clock(), s.executor(), timer, s.tempDir(),
        s.metricBufferPoints(), s.journalLinger(), s.lease());
    this.fingerprints = fingerprints;
    this.sampler = sampler;
    this.reproduces = s.reproduces();
    this.code = s.recordCode() ? new CodeCapture(store, artifacts, s.clock(),
        System.getProperty("java.class.path", ""), Path.of("")) : null;
    long flushEvery = s.flushInterval().toMillis();
    timer.scheduleWithFixedDelay(this::flushAll, flushEvery, flushEvery, TimeUnit.MILLISECONDS);
    // Each writer beats at a quarter of its own run's lease (an attached writer's run may have another lease
    // than this Lineage's); checking whether one is due costs a clock read.
    long tick = DefaultRunWriter.HEARTBEAT_FLOOR_MILLIS / 2;
    timer.scheduleWithFixedDelay(() -> writers().forEach(DefaultRunWriter::heartbeatIfIdle), tick, tick,
        TimeUnit.MILLISECONDS);
  }

  /** Starts a run, top-level or a child of {@code parent}: its start record is in the store before this returns. */
  public DefaultRun start(String name, Optional<RunId> parent) {
    ensureOpen();
    DefaultRun run = DefaultRun.start(name, parent, ctx, fingerprint(), reproduces, this);
    runs.add(run);
    if (code != null) {
      code.attach(run);
    }
    if (sampler != null) {
      sampler.start(run);
    }
    return run;
  }

  /** Attaches a writer to an open run of this store; the run cannot read as succeeded until it closes. */
  public DefaultRunWriter attach(RunId id) {
    ensureOpen();
    Documents.Decoded<RunStartDoc> decoded = ctx.store().runs().start(id)
        .orElseThrow(() -> new NotFoundException("no run " + id + " in " + ctx.store().uri()));
    RunStartDoc start = decoded.doc();
    if (ctx.store().runs().ended(id)) {
      throw new InvalidInputException("handle", "run " + id + " has already ended");
    }
    Duration lease = start.leaseMillis() != null ? Duration.ofMillis(start.leaseMillis()) : ctx.lease();
    DefaultRunWriter writer = DefaultRunWriter.attach(id, lease, decoded.checksum(), ctx, attached::remove);
    attached.add(writer);
    return writer;
  }

  void ended(DefaultRunWriter run) {
    runs.remove(run);
  }

  private List<DefaultRunWriter> writers() {
    List<DefaultRunWriter> all = new ArrayList<>(runs);
    all.addAll(attached);
    return all;
  }

  /**
   * The fingerprint for a run start. A diff it names is stored first (once per owner): a run start never names a
   * blob that is not there, and the same diff from another process is one blob.
   */
  private FingerprintDoc fingerprint() {
    FingerprintCapture.Captured captured = fingerprints.get();
    Fingerprint fp = captured.fingerprint();
    Optional<Digest> diff = fp.source().flatMap(SourceState::diff).map(Artifact::digest);
    if (diff.isPresent() && !diffsStored.contains(diff.get())) {
      ctx.store().blobs().put(diff.get(), Payload.of(captured.diff().orElseThrow()),
          () -> ctx.store().locks().awaitNone());
      diffsStored.add(diff.get());
    }
    return new FingerprintDoc(fp.gitCommit().orElse(null), fp.gitState().name(), fp.jvmVendor(), fp.jvmVersion(),
        fp.os(), fp.host(), fp.user(), fp.mainClass().orElse(null), fp.classpathDigest(), fp.environment(),
        fp.frameworks(), fp.command().map(CommandDoc::of).orElse(null),
        fp.source().map(SourceStateDoc::of).orElse(null));
  }

  private void flushAll() {
    if (code != null) {
      try {
        code.recordReady();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "recording the code of a run failed; its close tries again", e);
      }
    }
    for (DefaultRunWriter writer : writers()) {
      try {
        writer.flushQuietlyIfOpen();
      } catch (RuntimeException e) {
        // The writer keeps the failure too: its run records it, and its own flush() and close() rethrow.
        LOG.log(System.Logger.Level.WARNING, "background flush of run " + writer.id() + " failed", e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new InvalidInputException("lineage", "the Lineage for " + ctx.store().uri() + " is closed");
    }
  }

  /** Ends every run still open as KILLED and closes every attached writer, then stops the timer and sampler. */
  @Override
  public void close() {
    closed = true;
    RuntimeException failure = null;
    List<Runnable> endings = new ArrayList<>();
    runs.forEach(run -> endings.add(run::abandon));
    attached.forEach(writer -> endings.add(writer::close));
    for (Runnable ending : endings) {
      try {
        ending.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    ctx.timer().shutdownNow();
    if (sampler != null) {
      sampler.close();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
