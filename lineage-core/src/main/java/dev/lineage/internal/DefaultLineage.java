package dev.lineage.internal;

import dev.lineage.Artifact;
import dev.lineage.ClasspathEntry;
import dev.lineage.ReproduceRequest;
import dev.lineage.Workspace;
import dev.lineage.internal.reproduce.Reproducer;
import dev.lineage.internal.reproduce.Rerunner;
import dev.lineage.Rerun;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import dev.lineage.RunBody;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunWriter;
import dev.lineage.StoreProblem;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import dev.lineage.internal.store.ClasspathDoc;
import dev.lineage.internal.env.FingerprintSource;
import dev.lineage.internal.maintenance.DefaultMaintenance;
import dev.lineage.internal.query.DefaultLineageGraph;
import dev.lineage.internal.query.IndexStore;
import dev.lineage.internal.registry.DefaultModelRegistry;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.run.RunOwner;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.step.DefaultStep;
import dev.lineage.internal.step.DefaultStepCache;
import dev.lineage.internal.step.StepEngine;
import dev.lineage.internal.store.Backends;
import dev.lineage.internal.store.Store;
import dev.lineage.internal.system.NvidiaSmiProbe;
import dev.lineage.internal.system.SystemSampler;
import dev.lineage.maintenance.Maintenance;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.Step;
import dev.lineage.step.StepCache;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The implementation behind {@link Lineage}. */
public final class DefaultLineage implements Lineage {
  private static final System.Logger LOG = System.getLogger(DefaultLineage.class.getName());
  /** Params, tags and artifact events are batched for this long: durable well within a second of the call. */
  static final Duration JOURNAL_LINGER = Duration.ofMillis(250);
  /**
   * A writer's lease when nothing else says: the builder's default {@code runLease}, and what readers and
   * maintenance assume for a writer that recorded none.
   */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
  /** The most a run start waits for the process's fingerprint (git, above all). */
  static final Duration FINGERPRINT_DEADLINE = Duration.ofSeconds(3);

  /**
   * What a Lineage opens with, every default already resolved by {@code Lineage.Builder}: each set by name, once,
   * never null. Two are ownership rather than values: no executor means the Lineage owns a pool of its own, and no
   * GPU probe means nvidia-smi found on PATH, with a timeout fitted to the sampling interval.
   */
  public static final class Settings {
    private String store;
    private StorageBackend backend;
    private Clock clock;
    private Executor executor;
    private Duration flushInterval;
    private int metricBufferPoints;
    private Path tempDir;
    private Set<String> environmentAllowlist;
    private Path cacheDir;
    private Path workDir;
    private boolean stepCacheReads;
    private String principal;
    private boolean reasonRequired;
    private int autoIndex;
    private boolean systemMetrics;
    private Duration systemMetricsInterval;
    private GpuProbe gpuProbe;
    private double gpuIdleThreshold;
    private Duration runLease;
    private Duration retryBudget;
    private boolean recordCode;
    private boolean createStore;
    private Consumer<StoreProblem> problemListener;
    private boolean readOnly;

    /** Opens the store at this URI; null when a backend is given instead. */
    public Settings store(String uri) {
      this.store = uri;
      return this;
    }

    /** Opens this backend instead of a URI. */
    public Settings backend(StorageBackend value) {
      this.backend = value;
      return this;
    }

    public Settings clock(Clock value) {
      this.clock = java.util.Objects.requireNonNull(value, "clock");
      return this;
    }

    /** A supplied executor, not shut down on close; null for a pool the Lineage owns. */
    public Settings executor(Executor value) {
      this.executor = value;
      return this;
    }

    public Settings flushInterval(Duration value) {
      this.flushInterval = java.util.Objects.requireNonNull(value, "flushInterval");
      return this;
    }

    public Settings metricBufferPoints(int value) {
      this.metricBufferPoints = value;
      return this;
    }

    public Settings tempDir(Path value) {
      this.tempDir = java.util.Objects.requireNonNull(value, "tempDir");
      return this;
    }

    public Settings environmentAllowlist(Set<String> value) {
      this.environmentAllowlist = java.util.Objects.requireNonNull(value, "environmentAllowlist");
      return this;
    }

    public Settings cacheDir(Path value) {
      this.cacheDir = java.util.Objects.requireNonNull(value, "cacheDir");
      return this;
    }

    public Settings workDir(Path value) {
      this.workDir = java.util.Objects.requireNonNull(value, "workDir");
      return this;
    }

    public Settings stepCacheReads(boolean value) {
      this.stepCacheReads = value;
      return this;
    }

    public Settings principal(String value) {
      this.principal = java.util.Objects.requireNonNull(value, "principal");
      return this;
    }

    public Settings reasonRequired(boolean value) {
      this.reasonRequired = value;
      return this;
    }

    public Settings autoIndex(int value) {
      this.autoIndex = value;
      return this;
    }

    public Settings systemMetrics(boolean value) {
      this.systemMetrics = value;
      return this;
    }

    public Settings systemMetricsInterval(Duration value) {
      this.systemMetricsInterval = java.util.Objects.requireNonNull(value, "systemMetricsInterval");
      return this;
    }

    /** A probe the caller gives; null for nvidia-smi on PATH. */
    public Settings gpuProbe(GpuProbe value) {
      this.gpuProbe = value;
      return this;
    }

    public Settings gpuIdleThreshold(double value) {
      this.gpuIdleThreshold = value;
      return this;
    }

    public Settings recordCode(boolean value) {
      this.recordCode = value;
      return this;
    }

    public Settings retryBudget(Duration value) {
      this.retryBudget = java.util.Objects.requireNonNull(value, "retryBudget");
      return this;
    }

    public Settings runLease(Duration value) {
      this.runLease = java.util.Objects.requireNonNull(value, "runLease");
      return this;
    }

    public Settings createStore(boolean value) {
      this.createStore = value;
      return this;
    }

    public Settings problemListener(Consumer<StoreProblem> value) {
      this.problemListener = java.util.Objects.requireNonNull(value, "problemListener");
      return this;
    }

    public Settings readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }
  }

  private final URI storeUri;
  private final Store store;
  private final LazyPool ownedExecutor;
  /** Null when read-only: nothing is ever written, so no run or writer is ever opened. */
  private final RunOwner owner;
  private final RunReader reader;
  private final StepEngine steps;
  private final StepCache stepCache;
  private final IndexStore index;
  private final DefaultModelRegistry registry;
  private final Maintenance maintenance;
  private final ArtifactStore artifacts;
  private final int autoIndex;
  private volatile boolean closed;

  private DefaultLineage(Store store, Settings o) {
    Clock clock = o.clock;
    this.store = store;
    this.storeUri = store.uri();
    // Two threads: each writer encodes up to two metric segments at once (MetricBuffer.LANES); started by the
    // first task, so a Lineage that only reads a run starts none.
    this.ownedExecutor = o.executor == null ? new LazyPool("lineage-worker", 2) : null;
    Executor executor = o.executor != null ? o.executor : ownedExecutor;
    Path tempDir = o.tempDir;
    Path cacheDir = o.cacheDir;
    // A read-only Lineage writes nowhere, the user's cache directory included.
    this.artifacts = new ArtifactStore(store.blobs(),
        store.readOnly() ? HashCache.inMemory() : HashCache.open(cacheDir));
    this.reader = new RunReader(store, clock, DEFAULT_LEASE);
    this.stepCache = new DefaultStepCache(store.steps());
    Consumer<StoreProblem> problems = o.problemListener;
    this.index = new IndexStore(store, reader, clock, executor, tempDir, problems);
    String principal = o.principal;
    this.registry = new DefaultModelRegistry(store, clock, principal, o.reasonRequired, problems);
    this.maintenance = new DefaultMaintenance(store, clock, principal, DEFAULT_LEASE, executor, tempDir,
        o.backend == null);
    this.autoIndex = store.readOnly() ? 0 : o.autoIndex;
    if (store.readOnly()) {
      this.owner = null;
      this.steps = null;
      return;
    }
    FingerprintSource fingerprints = new FingerprintSource(o.environmentAllowlist, System.getenv(), Path.of(""),
        FINGERPRINT_DEADLINE, o.recordCode);
    SystemSampler sampler = null;
    if (o.systemMetrics) {
      Duration every = o.systemMetricsInterval;
      GpuProbe probe = o.gpuProbe != null ? o.gpuProbe : new NvidiaSmiProbe(System.getenv("PATH"), probeTimeout(every));
      sampler = new SystemSampler(probe, every, o.gpuIdleThreshold, clock, System.getenv("CUDA_VISIBLE_DEVICES"));
    }
    this.owner = new RunOwner(store, artifacts, new RunOwner.Settings(clock, executor, tempDir,
        o.metricBufferPoints, JOURNAL_LINGER, o.runLease, o.flushInterval, o.recordCode, reproduces()),
        fingerprints, sampler);
    this.steps = new StepEngine(store.steps(), artifacts, owner, reader, clock, o.workDir, o.stepCacheReads,
        cacheDir);
  }

  /** What {@code -Dlineage.reproduces} names: set by a reproduced run's script (docs/reproduce.md). */
  private static Optional<RunId> reproduces() {
    String value = System.getProperty(Reproducer.REPRODUCES_PROPERTY);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(RunId.of(value.trim()));
    } catch (RuntimeException e) {
      throw new InvalidInputException(Reproducer.REPRODUCES_PROPERTY, "must be a run id, was '" + value + "'");
    }
  }

  public static Lineage open(Settings o) {
    StorageBackend backend = o.backend != null ? o.backend : Backends.open(Backends.parse(o.store));
    Store store;
    try {
      store = o.readOnly ? Store.openReadOnly(backend, o.clock, o.retryBudget)
          : Store.open(backend, o.clock, o.createStore, o.retryBudget);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    return new DefaultLineage(store, o);
  }

  /** Half the interval, between 1 s and 10 s: a hung probe is killed well before the next sample. */
  private static Duration probeTimeout(Duration interval) {
    Duration half = interval.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : half.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : half;
  }

  @Override
  public URI store() {
    return storeUri;
  }

  @Override
  public boolean readOnly() {
    return store.readOnly();
  }

  @Override
  public Run newRun(String name) {
    return writing("starting a run").start(name, Optional.empty());
  }

  @Override
  public <T, E extends Exception> T run(String name, RunBody<T, E> body) throws E {
    if (body == null) {
      throw new InvalidInputException("body", "must not be null");
    }
    DefaultRun run = writing("starting a run").start(name, Optional.empty());
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

  /** The run owner, once this Lineage is known to be open and writable. */
  private RunOwner writing(String what) {
    ensureOpen();
    store.requireWritable(what); // the one refusal of a read-only store, whichever layer meets it first
    return owner;
  }

  @Override
  public Step step(String name) {
    writing("running a step");
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
    writing("publishing an index snapshot");
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
    RunOwner runs = writing("attaching a writer");
    if (handle == null) {
      throw new InvalidInputException("handle", "must not be null");
    }
    if (!handle.store().equals(storeUri)) {
      throw new InvalidInputException("handle", "belongs to store " + handle.store() + ", not " + storeUri);
    }
    return runs.attach(handle.runId());
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
  public List<ClasspathEntry> classpath(RunId id) {
    return runRecord(id).fingerprint().classpath()
        .map(manifest -> store.blobs().readClasspath(manifest.digest()).entries().stream()
            .map(ClasspathDoc.Entry::entry).toList())
        .orElse(List.of());
  }

  @Override
  public Workspace reproduce(ReproduceRequest request) {
    ensureOpen();
    return new Reproducer(this).reproduce(require(request, "request"));
  }

  @Override
  public Rerun rerun(ReproduceRequest request) {
    ensureOpen();
    return new Rerunner(this).rerun(require(request, "request"));
  }

  @Override
  public InputStream openArtifact(Artifact artifact) {
    return artifacts.open(require(artifact, "artifact"));
  }

  @Override
  public Artifact describe(Path path) {
    return artifacts.describe(require(path, "path"), null);
  }

  @Override
  public Path restore(Artifact artifact, Path target) {
    return artifacts.restore(require(artifact, "artifact"), target);
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
    try {
      if (owner != null) {
        owner.close();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    if (ownedExecutor != null) {
      ownedExecutor.close();
    }
    store.close();
    if (failure != null) {
      throw failure;
    }
  }
}
