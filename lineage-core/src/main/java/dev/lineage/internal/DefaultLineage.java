package dev.lineage.internal;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.NotFoundException;
import dev.lineage.Run;
import dev.lineage.RunBody;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunWriter;
import dev.lineage.StoreProblem;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import dev.lineage.internal.env.FingerprintCapture;
import dev.lineage.internal.env.FingerprintSource;
import dev.lineage.internal.maintenance.DefaultMaintenance;
import dev.lineage.internal.query.DefaultLineageGraph;
import dev.lineage.internal.query.IndexStore;
import dev.lineage.internal.registry.DefaultModelRegistry;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.run.DefaultRunWriter;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.run.WriterContext;
import dev.lineage.internal.step.DefaultStep;
import dev.lineage.internal.step.DefaultStepCache;
import dev.lineage.internal.step.StepEngine;
import dev.lineage.internal.store.Backends;
import dev.lineage.internal.store.FingerprintDoc;
import dev.lineage.internal.store.Store;
import dev.lineage.internal.system.NvidiaSmiProbe;
import dev.lineage.internal.system.SystemSampler;
import dev.lineage.maintenance.Maintenance;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.spi.GpuProbe;
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
import java.util.function.Consumer;

/** The implementation behind {@link Lineage}. */
public final class DefaultLineage implements Lineage {
  private static final System.Logger LOG = System.getLogger(DefaultLineage.class.getName());
  private static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);
  private static final int DEFAULT_BUFFER_POINTS = 1 << 18;
  private static final int DEFAULT_AUTO_INDEX = 1000;
  /** Params, tags and artifact events are batched for this long: durable well within a second of the call. */
  static final Duration JOURNAL_LINGER = Duration.ofMillis(250);
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
  /** The most a run start waits for the process's fingerprint (git, above all). */
  static final Duration FINGERPRINT_DEADLINE = Duration.ofSeconds(3);

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
      Double gpuIdleThreshold,
      Duration runLease,
      Boolean createStore,
      Consumer<StoreProblem> problemListener) {}

  private final URI storeUri;
  private final Store store;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService timer;
  private final WriterContext ctx;
  private final RunReader reader;
  private final StepEngine steps;
  private final StepCache stepCache;
  private final IndexStore index;
  private final DefaultModelRegistry registry;
  private final Maintenance maintenance;
  private final int autoIndex;
  private final SystemSampler sampler;
  private final FingerprintSource fingerprints;
  private final Set<DefaultRunWriter> openWriters = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private DefaultLineage(Store store, Options o, Clock clock) {
    this.store = store;
    this.storeUri = store.uri();
    Set<String> allowlist = o.environmentAllowlist() != null ? o.environmentAllowlist()
        : FingerprintCapture.DEFAULT_ENVIRONMENT;
    this.fingerprints = new FingerprintSource(allowlist, System.getenv(), Path.of(""), FINGERPRINT_DEADLINE);
    // Two threads: each writer encodes up to two metric segments at once (MetricBuffer.LANES).
    this.ownedExecutor = o.executor() == null
        ? Executors.newFixedThreadPool(2, DaemonThreads.numbered("lineage-writer")) : null;
    Executor executor = o.executor() != null ? o.executor() : ownedExecutor;
    Path tempDir = o.tempDir() != null ? o.tempDir() : Path.of(System.getProperty("java.io.tmpdir"));
    Duration lease = o.runLease() != null ? o.runLease() : DEFAULT_LEASE;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("lineage-flush-timer"));
    Path cacheDir = o.cacheDir() != null ? o.cacheDir() : defaultCacheDir();
    HashCache hashes = HashCache.open(cacheDir);
    this.ctx = new WriterContext(store, new ArtifactStore(store.blobs(), hashes), clock, executor, timer, tempDir,
        o.metricBufferPoints() != null ? o.metricBufferPoints() : DEFAULT_BUFFER_POINTS, JOURNAL_LINGER, lease);
    this.reader = new RunReader(store, clock, DEFAULT_LEASE);
    this.steps = new StepEngine(store.steps(), ctx.artifacts(), name -> startRun(name, Optional.empty()),
        clock, o.workDir() != null ? o.workDir() : Path.of("lineage-work"),
        o.stepCacheReads() == null || o.stepCacheReads(), cacheDir);
    this.stepCache = new DefaultStepCache(store.steps());
    this.index = new IndexStore(store, reader, clock, executor, tempDir,
        o.problemListener() != null ? o.problemListener() : p -> { });
    String principal = o.principal() != null ? o.principal() : System.getProperty("user.name", "unknown");
    this.registry = new DefaultModelRegistry(store, clock, principal, o.reasonRequired() != null && o.reasonRequired());
    this.maintenance = new DefaultMaintenance(store, clock, principal, DEFAULT_LEASE, executor);
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
    long flushEvery = (o.flushInterval() != null ? o.flushInterval() : DEFAULT_FLUSH_INTERVAL).toMillis();
    timer.scheduleWithFixedDelay(this::flushAll, flushEvery, flushEvery, TimeUnit.MILLISECONDS);
    long heartbeat = Math.max(250, lease.toMillis() / 4);
    timer.scheduleWithFixedDelay(() -> openWriters.forEach(w -> w.heartbeatIfIdle(heartbeat)), heartbeat / 2,
        heartbeat / 2, TimeUnit.MILLISECONDS);
  }

  public static Lineage open(Options o) {
    StorageBackend backend = o.backend();
    if (backend == null) {
      String storeName = o.store() != null ? o.store() : defaultStore();
      backend = Backends.open(Backends.parse(storeName));
    }
    Clock clock = o.clock() != null ? o.clock() : Clock.systemUTC();
    Store store;
    try {
      store = Store.open(backend, clock, o.createStore() == null || o.createStore());
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    return new DefaultLineage(store, o, clock);
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
    run.succeedUnlessEnded();
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
  public Maintenance maintenance() {
    return maintenance;
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
    if (!store.runs().exists(handle.runId())) {
      throw new NotFoundException("no run " + handle.runId() + " in " + storeUri);
    }
    if (store.runs().ended(handle.runId())) {
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
  public List<RunRecord> runs(RunQuery query) {
    require(query, "query");
    ensureOpen();
    return index.runs(query);
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
  public Artifact describe(Path path) {
    return ctx.artifacts().describe(require(path, "path"), null);
  }

  @Override
  public Path restore(Artifact artifact, Path target) {
    return ctx.artifacts().restore(require(artifact, "artifact"), target);
  }

  private FingerprintDoc fingerprint() {
    dev.lineage.Fingerprint fp = fingerprints.get();
    return new FingerprintDoc(fp.gitCommit().orElse(null), fp.gitState().name(), fp.jvmVendor(), fp.jvmVersion(),
        fp.os(), fp.host(), fp.user(), fp.mainClass().orElse(null), fp.classpathDigest(), fp.environment(),
        fp.frameworks());
  }

  private void flushAll() {
    for (DefaultRunWriter writer : openWriters) {
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
      throw new InvalidInputException("lineage", "the Lineage for " + storeUri + " is closed");
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
    for (DefaultRunWriter writer : new ArrayList<>(openWriters)) {
      try {
        if (writer instanceof DefaultRun run) {
          run.abandon();
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
    timer.shutdownNow();
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
    store.close();
    if (failure != null) {
      throw failure;
    }
  }
}
