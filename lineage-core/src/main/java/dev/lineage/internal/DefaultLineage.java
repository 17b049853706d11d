package dev.lineage.internal;

import dev.lineage.Artifact;
import dev.lineage.Fingerprint;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.NotFoundException;
import dev.lineage.Run;
import dev.lineage.RunBody;
import dev.lineage.RunFilter;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunWriter;
import dev.lineage.StorageException;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import dev.lineage.internal.env.FingerprintCapture;
import dev.lineage.internal.query.DefaultLineageGraph;
import dev.lineage.internal.query.IndexStore;
import dev.lineage.internal.registry.DefaultModelRegistry;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.run.DefaultRunWriter;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.run.WriterContext;
import dev.lineage.internal.store.Backends;
import dev.lineage.internal.system.NvidiaSmiProbe;
import dev.lineage.internal.system.SystemSampler;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.step.DefaultStep;
import dev.lineage.internal.step.DefaultStepCache;
import dev.lineage.internal.step.StepEngine;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.GpuProbe;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.query.LineageGraph;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.Step;
import dev.lineage.step.StepCache;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The implementation behind {@link Lineage}. */
public final class DefaultLineage implements Lineage {
  private static final System.Logger LOG = System.getLogger(DefaultLineage.class.getName());
  private static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);
  private static final int DEFAULT_BUFFER_POINTS = 1 << 18;

  /** The builder's settings; null means "use the default". */
  public record Options(
      String store,
      StorageBackend backend,
      Clock clock,
      Executor executor,
      Duration flushInterval,
      Integer metricBufferPoints,
      Path tempDir,
      Set<String> environmentAllowlist,
      Path cacheDir,
      Path workDir,
      Boolean stepCacheReads,
      String principal,
      Boolean reasonRequired,
      Integer autoIndex,
      Boolean systemMetrics,
      Duration systemMetricsInterval,
      GpuProbe gpuProbe,
      Double gpuIdleThreshold) {}

  private final URI storeUri;
  private final StorageBackend backend;
  private final Clock clock;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService timer;
  private final WriterContext ctx;
  private final RunReader reader;
  private final StepEngine steps;
  private final StepCache stepCache;
  private final IndexStore index;
  private final DefaultModelRegistry registry;
  private final int autoIndex;
  private final SystemSampler sampler;
  private static final int DEFAULT_AUTO_INDEX = 1000;
  private final Set<String> environmentAllowlist;
  private final Set<DefaultRunWriter> openWriters = ConcurrentHashMap.newKeySet();
  private volatile Records.FingerprintDoc fingerprint;
  private volatile boolean closed;

  private DefaultLineage(StorageBackend backend, Options o) {
    this.backend = backend;
    this.storeUri = backend.uri();
    this.clock = o.clock() != null ? o.clock() : Clock.systemUTC();
    this.environmentAllowlist = o.environmentAllowlist() != null
        ? o.environmentAllowlist() : FingerprintCapture.DEFAULT_ENVIRONMENT;
    // Two threads: each writer encodes up to two metric segments at once (MetricBuffer.LANES).
    this.ownedExecutor = o.executor() == null
        ? Executors.newFixedThreadPool(2, DaemonThreads.numbered("lineage-writer")) : null;
    Executor executor = o.executor() != null ? o.executor() : ownedExecutor;
    Path tempDir = o.tempDir() != null ? o.tempDir() : Path.of(System.getProperty("java.io.tmpdir"));
    HashCache hashes = HashCache.open(o.cacheDir() != null ? o.cacheDir() : defaultCacheDir());
    this.ctx = new WriterContext(backend, new ArtifactStore(backend, hashes), clock, executor, tempDir,
        o.metricBufferPoints() != null ? o.metricBufferPoints() : DEFAULT_BUFFER_POINTS);
    this.reader = new RunReader(backend);
    this.steps = new StepEngine(backend, ctx.artifacts(), name -> startRun(name, Optional.empty()),
        clock, o.workDir() != null ? o.workDir() : Path.of("lineage-work"),
        o.stepCacheReads() == null || o.stepCacheReads());
    this.stepCache = new DefaultStepCache(backend);
    this.index = new IndexStore(backend, reader, clock, executor, tempDir);
    this.registry = new DefaultModelRegistry(backend, ctx.artifacts(), clock,
        o.principal() != null ? o.principal() : System.getProperty("user.name", "unknown"),
        o.reasonRequired() != null && o.reasonRequired());
    this.autoIndex = o.autoIndex() != null ? o.autoIndex() : DEFAULT_AUTO_INDEX;
    if (o.systemMetrics() == null || o.systemMetrics()) {
      Duration every = o.systemMetricsInterval() != null ? o.systemMetricsInterval() : Duration.ofSeconds(10);
      GpuProbe probe = o.gpuProbe() != null ? o.gpuProbe()
          : new NvidiaSmiProbe(System.getenv("PATH"), probeTimeout(every));
      this.sampler = new SystemSampler(probe, every, o.gpuIdleThreshold() != null ? o.gpuIdleThreshold() : 10.0,
          clock, System.getenv("CUDA_VISIBLE_DEVICES"));
    } else {
      this.sampler = null;
    }
    Duration interval = o.flushInterval() != null ? o.flushInterval() : DEFAULT_FLUSH_INTERVAL;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("lineage-flush-timer"));
    timer.scheduleWithFixedDelay(this::flushAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static Lineage open(Options o) {
    StorageBackend backend = o.backend();
    if (backend == null) {
      String store = o.store() != null ? o.store() : defaultStore();
      backend = Backends.open(Backends.parse(store));
    }
    try {
      checkMarker(backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    return new DefaultLineage(backend, o);
  }

  private static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("lineage");
  }

  /** Half the interval, between 1 s and 10 s: a hung probe is killed well before the next sample. */
  private static Duration probeTimeout(Duration interval) {
    Duration half = interval.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : half.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : half;
  }

  private static String defaultStore() {
    String prop = System.getProperty(STORE_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return prop;
    }
    String env = System.getenv(STORE_ENV);
    return env != null && !env.isBlank() ? env : DEFAULT_STORE;
  }

  /** Creates the store marker, or checks that an existing store has a format this version reads. */
  private static void checkMarker(StorageBackend backend) {
    byte[] ours = Json.write(new Records.StoreMarker(Records.STORE_FORMAT, StoreLayout.FORMAT_VERSION));
    if (backend.putIfAbsent(StoreLayout.MARKER, Payload.of(ours)) == PutResult.CREATED) {
      return;
    }
    Records.StoreMarker marker = Json.read(PutOnce.read(backend, StoreLayout.MARKER), Records.StoreMarker.class,
        StoreLayout.MARKER);
    if (!Records.STORE_FORMAT.equals(marker.format()) || marker.version() != StoreLayout.FORMAT_VERSION) {
      throw new StorageException(backend.uri() + " holds format " + marker.format() + " version "
          + marker.version() + "; this Lineage reads " + Records.STORE_FORMAT + " version "
          + StoreLayout.FORMAT_VERSION);
    }
  }

  @Override
  public URI store() {
    return storeUri;
  }

  @Override
  public Run newRun(String name) {
    return startRun(name, Optional.empty());
  }

  private DefaultRun startRun(String name, Optional<RunId> parent) {
    ensureOpen();
    DefaultRun run = DefaultRun.start(name, parent, storeUri, ctx, fingerprint(), openWriters::remove,
        this::startRun);
    openWriters.add(run);
    if (sampler != null) {
      sampler.start(run);
    }
    return run;
  }

  @Override
  public <T, E extends Exception> T run(String name, RunBody<T, E> body) throws E {
    if (body == null) {
      throw new InvalidInputException("body", "must not be null");
    }
    DefaultRun run = startRun(name, Optional.empty());
    T result;
    try {
      result = body.apply(run);
    } catch (Throwable t) {
      run.failAndClose(t);
      throw t;
    }
    run.close();
    return result;
  }

  @Override
  public Step step(String name) {
    ensureOpen();
    return new DefaultStep(steps, name);
  }

  @Override
  public StepCache stepCache() {
    return stepCache;
  }

  @Override
  public LineageGraph graph() {
    ensureOpen();
    IndexStore.Loaded loaded = index.load();
    if (autoIndex > 0 && loaded.tailSize() >= autoIndex) {
      try {
        index.publish(loaded);
      } catch (RuntimeException e) {
        // The graph below is complete without it; the next graph() retries.
        LOG.log(System.Logger.Level.WARNING, "could not publish an index snapshot of " + storeUri, e);
      }
    }
    return new DefaultLineageGraph(loaded, registry.snapshot());
  }

  @Override
  public OptionalLong publishIndex() {
    ensureOpen();
    return index.publish().map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  @Override
  public ModelRegistry registry() {
    return registry;
  }

  @Override
  public RunWriter attach(RunHandle handle) {
    ensureOpen();
    if (handle == null) {
      throw new InvalidInputException("handle", "must not be null");
    }
    if (!handle.store().equals(storeUri)) {
      throw new InvalidInputException("handle", "belongs to store " + handle.store() + ", not " + storeUri);
    }
    if (backend.stat(StoreLayout.runStart(handle.runId())).isEmpty()) {
      throw new NotFoundException("no run " + handle.runId() + " in " + storeUri);
    }
    if (backend.stat(StoreLayout.runEnd(handle.runId())).isPresent()) {
      throw new InvalidInputException("handle", "run " + handle.runId() + " has already ended");
    }
    DefaultRunWriter writer = DefaultRunWriter.attach(handle.runId(), ctx, openWriters::remove);
    openWriters.add(writer);
    return writer;
  }

  @Override
  public RunRecord runRecord(RunId id) {
    return reader.read(require(id, "run id"));
  }

  @Override
  public List<RunRecord> runs(RunFilter filter) {
    return reader.runs(require(filter, "filter"));
  }

  @Override
  public Map<String, List<MetricPoint>> metrics(RunId id) {
    return reader.metrics(require(id, "run id"), k -> true);
  }

  @Override
  public List<MetricPoint> metric(RunId id, String key) {
    Names.checkName("metric key", key);
    return reader.metrics(require(id, "run id"), key::equals).getOrDefault(key, List.of());
  }

  @Override
  public InputStream openArtifact(Artifact artifact) {
    return ctx.artifacts().open(require(artifact, "artifact"));
  }

  @Override
  public Path restore(Artifact artifact, Path target) {
    return ctx.artifacts().restore(require(artifact, "artifact"), target);
  }

  private Records.FingerprintDoc fingerprint() {
    Records.FingerprintDoc f = fingerprint;
    if (f == null) {
      Fingerprint fp = FingerprintCapture.capture(environmentAllowlist, System.getenv(), Path.of(""));
      f = new Records.FingerprintDoc(fp.gitCommit().orElse(null), fp.gitState().name(), fp.jvmVendor(),
          fp.jvmVersion(), fp.os(), fp.host(), fp.user(), fp.mainClass().orElse(null), fp.classpathDigest(),
          fp.environment());
      fingerprint = f;
    }
    return f;
  }

  private void flushAll() {
    for (DefaultRunWriter writer : openWriters) {
      try {
        writer.flushQuietlyIfOpen();
      } catch (RuntimeException e) {
        // The writer keeps the failure too and rethrows it from its own flush() and close().
        LOG.log(System.Logger.Level.WARNING, "background flush of run " + writer.id() + " failed", e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Lineage for " + storeUri + " is closed");
    }
  }

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    timer.shutdownNow();
    for (DefaultRunWriter writer : new ArrayList<>(openWriters)) {
      try {
        if (writer instanceof DefaultRun) {
          ((DefaultRun) writer).abandon();
        } else {
          writer.close();
        }
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (sampler != null) {
      sampler.close();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        ownedExecutor.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    backend.close();
    if (failure != null) {
      throw failure;
    }
  }
}
