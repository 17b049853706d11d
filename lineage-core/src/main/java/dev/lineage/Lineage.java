package dev.lineage;

import dev.lineage.internal.DefaultLineage;
import dev.lineage.internal.Names;
import dev.lineage.internal.env.FingerprintCapture;
import dev.lineage.maintenance.Maintenance;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.RetryBudget;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.Executor;

/**
 * The entry point: a store of runs, opened from a URI. Thread-safe; {@link #close()} flushes and ends every
 * open run (as KILLED), stops the library's threads and closes the store.
 *
 * <pre>{@code
 * try (Lineage lineage = Lineage.open()) {
 *   lineage.run("train-churn", run -> {        // SUCCEEDED if the body returns, FAILED if it throws
 *     run.logParam("lr", 0.01);
 *     run.use(Path.of("data/train.csv"));
 *     run.logMetric("loss", loss, epoch);
 *     return run.produce(Path.of("out/model.bin"), "churn-model");
 *   });
 * }
 * }</pre>
 *
 * <p>Every exception it throws is a {@link LineageException}: {@link InvalidInputException} for a bad call
 * (nothing recorded is changed), {@link ConflictException} for a lost race, {@link UnknownOutcomeException} when
 * a write may or may not have landed, and {@link StorageException} (among them {@link CorruptObjectException})
 * for the store.
 *
 * @since 0.1.0
 */
public interface Lineage extends AutoCloseable {
  /** Environment variable naming the store URI. */
  String STORE_ENV = "LINEAGE_STORE";
  /** System property naming the store URI; wins over {@link #STORE_ENV}. */
  String STORE_PROPERTY = "lineage.store";
  /** The store used when neither is set. */
  String DEFAULT_STORE = "./lineage-store";
  /**
   * System property that turns the recording of code off ({@code false}) or on ({@code true}) where the builder
   * was not told ({@link Builder#recordCode}); wins over {@link #RECORD_CODE_ENV}.
   *
   * @since 0.1.0
   */
  @Experimental
  String RECORD_CODE_PROPERTY = "lineage.recordCode";
  /**
   * Environment variable with the meaning of {@link #RECORD_CODE_PROPERTY}.
   *
   * @since 0.1.0
   */
  @Experimental
  String RECORD_CODE_ENV = "LINEAGE_RECORD_CODE";

  /** Opens the store {@link #defaultStore()} names. */
  static Lineage open() {
    return builder().build();
  }

  /** Opens a store by URI ({@code file:/path}, a plain path, {@code mem:}, {@code s3://bucket/prefix}). */
  static Lineage open(String store) {
    return builder().store(store).build();
  }

  /**
   * Opens an existing store to look at it ({@link Builder#readOnly(boolean)}): no thread, no git, no heartbeat,
   * no write of any kind; every method that would write is refused with {@link InvalidInputException}.
   *
   * @throws NotFoundException if there is no store there
   */
  static Lineage openReadOnly(String store) {
    return builder().store(store).readOnly(true).build();
  }

  /**
   * The store a Lineage opens when none is named, resolved in this one place for the library, the command line
   * and the Spark plugin alike: {@code -Dlineage.store}, else the environment variable {@code LINEAGE_STORE},
   * else {@code ./lineage-store}. A blank value counts as unset.
   */
  static String defaultStore() {
    String property = System.getProperty(STORE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String env = System.getenv(STORE_ENV);
    return env != null && !env.isBlank() ? env : DEFAULT_STORE;
  }

  /** A fresh store in this process's memory, for unit tests. */
  static Lineage inMemory() {
    return builder().store("mem:").build();
  }

  /** A builder for a Lineage: every option set at most once, each checked when it is set. */
  static Builder builder() {
    return new Builder();
  }

  /** The store's URI. */
  URI store();

  /** Whether this Lineage was opened read-only ({@link #openReadOnly}): it then refuses every write. */
  boolean readOnly();

  /**
   * Starts a top-level run. Close it (try-with-resources) to record its end: SUCCEEDED only if
   * {@link Run#succeed()} was called first, FAILED otherwise. {@link #run(String, RunBody)} does this for you.
   */
  Run newRun(String name);

  /**
   * Runs {@code body} in a new run. Records SUCCEEDED if it returns, or FAILED if it throws, in which case the
   * same exception is rethrown unchanged.
   */
  <T, E extends Exception> T run(String name, RunBody<T, E> body) throws E;

  /**
   * Declares a cached step: if an execution with the same name, code, params, inputs and declared environment
   * is in the cache, {@link Step#run} restores its outputs instead of running the body (docs/step-cache.md).
   */
  Step step(String name);

  /** Lists and invalidates step cache entries. */
  StepCache stepCache();

  /**
   * A snapshot of the store's lineage graph, for upstream and downstream queries, paths, diffs and search.
   * It reads the newest index snapshot and only the runs written after it (docs/lineage-index.md); when more
   * than {@code autoIndex} runs are past the snapshot, it publishes a new one first.
   */
  LineageGraph graph();

  /**
   * Publishes a new index snapshot of every finished run. Returns its number, or empty if there is nothing to
   * publish (no run has finished since the newest snapshot) or another process published the same number first
   * (its snapshot is as good).
   */
  OptionalLong publishIndex();

  /** The model registry of this store. */
  ModelRegistry registry();

  /** Verification and garbage collection of this store (docs/storage-format.md). */
  Maintenance maintenance();

  /** Attaches to an open run of this store, for logging from another thread or JVM. */
  RunWriter attach(RunHandle handle);

  /** The run as stored now, merged across all its writers. */
  RunRecord runRecord(RunId id);

  /**
   * Runs matching {@code query}, sorted and limited as it says (newest first by default): the same answer as
   * {@code graph().search(query)}, from the index and the runs written since. A run whose objects are damaged is
   * left out; {@code graph().problems()} names it.
   */
  List<RunRecord> runs(RunQuery query);

  /** Every metric series of the run, merged across writers, each ordered by step then time. */
  Map<String, List<MetricPoint>> metrics(RunId id);

  /** One metric series of the run (empty if never logged), ordered by step then time. */
  List<MetricPoint> metric(RunId id, String key);

  /**
   * The class path the run ran with, by content, in order ({@link Fingerprint#classpath()}); empty when none was
   * recorded. A manifest that is damaged is a {@link CorruptObjectException} naming it.
   *
   * @since 0.1.0
   */
  @Experimental
  List<ClasspathEntry> classpath(RunId id);

  /**
   * Builds a workspace from which the run starts again as it was recorded (docs/reproduce.md): its class path (the
   * user's code from the store, libraries from Maven repositories), each entry verified against its recorded digest;
   * its file inputs restored by digest where the program will look for them; its source checked out of a given clone
   * at its commit with its uncommitted change applied; and {@code run.sh}, which starts the same command. What
   * cannot be had (a jar neither stored nor fetchable, an input gone from the store, a commit not in the clone) is a
   * {@link NotFoundException} naming it, and no workspace is left behind.
   *
   * @since 0.1.0
   */
  @Experimental
  Workspace reproduce(ReproduceRequest request);

  /**
   * Reproduces the run ({@link #reproduce}), starts its workspace's script in a JVM of its own, waits for it, and
   * compares the run it recorded in this store (which {@linkplain RunRecord#reproduces() reproduces} the original)
   * with the original: outputs by digest, params, and the user's metrics point by point. The program records into
   * this store unless the request names another store. Secrets the command had are read from this process's
   * environment ({@code LINEAGE_SECRET_1}, ...), as the script reads them.
   *
   * @throws NotFoundException if the rerun recorded no such run here (its output is in the workspace's
   *     {@code rerun.log})
   * @since 0.1.0
   */
  @Experimental
  Rerun rerun(ReproduceRequest request);

  /**
   * The artifact a file or directory would be recorded as (a directory by the digest of its manifest), without
   * storing anything: to ask what the store knows about a path. Throws {@link InvalidInputException} for a path
   * that does not exist.
   */
  Artifact describe(Path path);

  /** Opens a stored file artifact's content; the digest is verified as it is read. */
  InputStream openArtifact(Artifact artifact);

  /**
   * Restores a stored artifact: a file to {@code target}, or a directory's files under {@code target}.
   * Never writes outside {@code target}; every file's digest is verified. Returns {@code target}.
   */
  Path restore(Artifact artifact, Path target);

  @Override
  void close();

  /** Options for opening a store; each may be set once, and each is checked when it is set. */
  final class Builder {
    private String store;
    private StorageBackend backend;
    private Clock clock;
    private Executor executor;
    private Duration flushInterval;
    private Integer metricBufferPoints;
    private Path tempDir;
    private Set<String> environmentAllowlist;
    private Path cacheDir;
    private Path workDir;
    private Boolean stepCacheReads;
    private String principal;
    private Boolean reasonRequired;
    private Integer autoIndex;
    private Boolean createStore;
    private Boolean systemMetrics;
    private Duration systemMetricsInterval;
    private GpuProbe gpuProbe;
    private Double gpuIdleThreshold;
    private Duration runLease;
    private Duration retryBudget;
    private Boolean recordCode;
    private Consumer<StoreProblem> problemListener;
    private Boolean readOnly;

    private static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);
    private static final int DEFAULT_BUFFER_POINTS = 1 << 18;
    private static final int DEFAULT_AUTO_INDEX = 1000;
    private static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(10);
    private static final double DEFAULT_GPU_IDLE_PERCENT = 10.0;

    private Builder() {}

    /** The store URI; default {@link Lineage#defaultStore()}. */
    public Builder store(String uri) {
      requireUnset(store != null ? store : backend, "store");
      if (uri == null || uri.isBlank()) {
        throw new InvalidInputException("store", "must not be blank");
      }
      this.store = uri;
      return this;
    }

    /** A backend constructed directly, instead of one found by URI scheme. The Lineage closes it. */
    public Builder backend(StorageBackend storageBackend) {
      requireUnset(store != null ? store : backend, "backend");
      this.backend = require(storageBackend, "backend");
      return this;
    }

    /** Time source for run start/end times and metric timestamps; default the UTC system clock. */
    public Builder clock(Clock clock) {
      requireUnset(this.clock, "clock");
      this.clock = require(clock, "clock");
      return this;
    }

    /**
     * Where metric segments and journals are written, and index snapshots partly decoded, in the background.
     * Default: two daemon threads owned (and stopped) by the Lineage. A supplied executor is not shut down by
     * {@link #close()}.
     */
    public Builder executor(Executor executor) {
      requireUnset(this.executor, "executor");
      this.executor = require(executor, "executor");
      return this;
    }

    /** How often buffered params, tags and metrics are written even if no buffer is full; default 10 s. */
    public Builder flushInterval(Duration interval) {
      requireUnset(flushInterval, "flushInterval");
      require(interval, "flushInterval");
      if (interval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new InvalidInputException("flushInterval", "must be at least 10 ms, was " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /**
     * Points each writer buffers before callers of {@code logMetric} wait; default 262,144 (about 7 MiB).
     * Between 1,024 and 16,777,216.
     */
    public Builder metricBufferPoints(int points) {
      requireUnset(metricBufferPoints, "metricBufferPoints");
      if (points < 1024 || points > (1 << 24)) {
        throw new InvalidInputException("metricBufferPoints", "must be between 1024 and 16777216, was " + points);
      }
      this.metricBufferPoints = points;
      return this;
    }

    /** Local directory for segment files before they are published; default {@code java.io.tmpdir}. */
    public Builder tempDir(Path dir) {
      requireUnset(tempDir, "tempDir");
      this.tempDir = require(dir, "tempDir");
      return this;
    }

    /**
     * Environment variables recorded in each run's fingerprint, replacing the default list. Names that look
     * like secrets (containing KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL) are never recorded.
     */
    public Builder environmentAllowlist(Set<String> names) {
      requireUnset(environmentAllowlist, "environmentAllowlist");
      require(names, "environmentAllowlist").forEach(n -> Names.checkName("environment variable", n));
      this.environmentAllowlist = Set.copyOf(names);
      return this;
    }

    /**
     * This machine's cache of file digests, so unchanged files are not hashed again; default
     * {@code $XDG_CACHE_HOME/lineage}, else {@code ~/.cache/lineage}. It is never part of the store.
     */
    public Builder cacheDir(Path dir) {
      requireUnset(cacheDir, "cacheDir");
      this.cacheDir = require(dir, "cacheDir");
      return this;
    }

    /** Where steps write and restore their outputs; default {@code ./lineage-work}. Safe to delete any time. */
    public Builder workDir(Path dir) {
      requireUnset(workDir, "workDir");
      this.workDir = require(dir, "workDir");
      return this;
    }

    /** False makes every step recompute (entries are still published); default true. */
    public Builder stepCacheReads(boolean enabled) {
      requireUnset(stepCacheReads, "stepCacheReads");
      this.stepCacheReads = enabled;
      return this;
    }

    /** Who registers models and moves aliases, for the registry's history; default the OS user. */
    public Builder principal(String name) {
      requireUnset(principal, "principal");
      this.principal = Names.checkName("principal", name);
      return this;
    }

    /** Whether moving an alias needs a non-blank reason; default false. */
    public Builder requireReason(boolean required) {
      requireUnset(reasonRequired, "requireReason");
      this.reasonRequired = required;
      return this;
    }

    /**
     * How many runs past the newest index snapshot make {@link Lineage#graph()} publish a new one; 0 turns it
     * off (for read-only stores). Default 1,000.
     */
    public Builder autoIndex(int runs) {
      requireUnset(autoIndex, "autoIndex");
      if (runs < 0) {
        throw new InvalidInputException("autoIndex", "must be >= 0, was " + runs);
      }
      if (runs > 0 && Boolean.TRUE.equals(readOnly)) {
        throw new InvalidInputException("autoIndex", "a read-only Lineage publishes no index snapshot");
      }
      this.autoIndex = runs;
      return this;
    }

    /**
     * Whether each open run records CPU, memory and GPU usage as {@code lineage.sys.*} and {@code lineage.gpu.*}
     * metrics, and a GPU summary when it ends (docs/system-metrics.md); default true.
     */
    public Builder systemMetrics(boolean enabled) {
      requireUnset(systemMetrics, "systemMetrics");
      if (enabled && Boolean.TRUE.equals(readOnly)) {
        throw new InvalidInputException("systemMetrics", "a read-only Lineage starts no run to sample");
      }
      if (!enabled && (systemMetricsInterval != null || gpuProbe != null || gpuIdleThreshold != null)) {
        throw new InvalidInputException("systemMetrics", "false conflicts with the sampler's options already set ("
            + (systemMetricsInterval != null ? "systemMetricsInterval" : gpuProbe != null ? "gpuProbe"
            : "gpuIdleThreshold") + ")");
      }
      this.systemMetrics = enabled;
      return this;
    }

    /** How often system metrics are sampled; default 10 s, at least 1 s. */
    public Builder systemMetricsInterval(Duration interval) {
      requireUnset(systemMetricsInterval, "systemMetricsInterval");
      requireSampler("systemMetricsInterval");
      require(interval, "systemMetricsInterval");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new InvalidInputException("systemMetricsInterval", "must be at least 1 s, was " + interval);
      }
      this.systemMetricsInterval = interval;
      return this;
    }

    /** The GPU probe; default nvidia-smi found on PATH. */
    public Builder gpuProbe(GpuProbe probe) {
      requireUnset(gpuProbe, "gpuProbe");
      requireSampler("gpuProbe");
      this.gpuProbe = require(probe, "gpuProbe");
      return this;
    }

    /** Utilisation (percent) below which a GPU counts as idle; default 10. */
    public Builder gpuIdleThreshold(double percent) {
      requireUnset(gpuIdleThreshold, "gpuIdleThreshold");
      requireSampler("gpuIdleThreshold");
      if (!(percent >= 0 && percent <= 100)) {
        throw new InvalidInputException("gpuIdleThreshold", "must be between 0 and 100, was " + percent);
      }
      this.gpuIdleThreshold = percent;
      return this;
    }

    /**
     * How long the writers of a run may all stay silent before readers report it {@link RunStatus#ABANDONED}
     * (its process most likely died); idle writers publish a heartbeat every quarter of it. Recorded in each run,
     * so readers use the writer's promise. Default 5 minutes, at least 1 s.
     */
    public Builder runLease(Duration lease) {
      requireUnset(runLease, "runLease");
      require(lease, "runLease");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new InvalidInputException("runLease", "must be at least 1 s, was " + lease);
      }
      this.runLease = lease;
      return this;
    }

    /**
     * Whether each run records what it takes to run its code again (default true): how its JVM was started
     * ({@link Fingerprint#command()}: JVM options, main class or jar, program arguments, working directory; the
     * class path and secrets replaced) and the git working tree beyond its commit ({@link Fingerprint#source()}:
     * the origin remote without credentials, untracked files listed, and for a dirty tree its diff against
     * {@code HEAD}, stored once as a blob). Captured with the rest of the fingerprint, off the caller's thread; the
     * first run start of a Lineage that names a diff stores it. A diff is stored as it is: a secret in a tracked
     * file's change is in the store. And the class path by content ({@link Fingerprint#classpath()}): a library
     * jar by its Maven coordinates and digest, the user's own jars and class directories stored once by content,
     * captured on a thread of its own when the first run starts and recorded in each run when ready, at the
     * latest when it closes (docs/reproduce.md).
     *
     * <p>Not set, the default is {@code -Dlineage.recordCode}, else the environment variable
     * {@code LINEAGE_RECORD_CODE}, else true: a test suite or a deployment can turn it off without a code change.
     *
     * @since 0.1.0
     */
    @Experimental
    public Builder recordCode(boolean record) {
      requireUnset(recordCode, "recordCode");
      this.recordCode = record;
      return this;
    }

    /**
     * How long one storage operation may go on retrying after its first failed attempt began, the backend's own
     * retries included ({@link RetryBudget}): an object that keeps failing gives up once it has
     * passed, plus at most the attempt in flight. Time spent succeeding does not count, so a long upload is never
     * cut short. Default {@link RetryBudget#DEFAULT 60 s}; zero retries nothing after a failure.
     *
     * @since 0.1.0
     */
    @Experimental
    public Builder retryBudget(Duration budget) {
      requireUnset(retryBudget, "retryBudget");
      require(budget, "retryBudget");
      if (budget.isNegative()) {
        throw new InvalidInputException("retryBudget", "must be zero or positive, was " + budget);
      }
      this.retryBudget = budget;
      return this;
    }

    /**
     * Whether opening an empty location makes it a store (default true). With false, {@link #build()} throws
     * {@link NotFoundException} for a location that holds no store and writes nothing there: for tools that
     * only look, so a mistyped path is an error instead of a new, empty store.
     */
    public Builder createStore(boolean create) {
      requireUnset(createStore, "createStore");
      if (create && Boolean.TRUE.equals(readOnly)) {
        throw new InvalidInputException("createStore", "a read-only Lineage cannot create a store");
      }
      this.createStore = create;
      return this;
    }

    /**
     * Whether to open the store only to read it (default false). A read-only Lineage starts no thread until a
     * search needs one to decode index tables, runs no {@code git}, sends no heartbeat, samples nothing and writes
     * nothing, to the store or to the user's cache directory: {@link Lineage#newRun}, {@link Lineage#run},
     * {@link Lineage#step}, {@link Lineage#attach}, {@link Lineage#publishIndex}, registry changes, garbage
     * collection and cache invalidation are refused with {@link InvalidInputException}, and a damaged blob a read
     * meets is reported, not moved to quarantine. A location that holds no store is a {@link NotFoundException}.
     * For tools that only look: the command line's reading commands, reports, exports.
     *
     * @throws InvalidInputException if {@code createStore(true)}, {@code systemMetrics(true)} or a non-zero
     *     {@code autoIndex} was set: each would write
     */
    public Builder readOnly(boolean only) {
      requireUnset(readOnly, "readOnly");
      if (only && Boolean.TRUE.equals(createStore)) {
        throw new InvalidInputException("readOnly", "conflicts with createStore(true): a read-only Lineage cannot "
            + "create a store");
      }
      if (only && Boolean.TRUE.equals(systemMetrics)) {
        throw new InvalidInputException("readOnly", "conflicts with systemMetrics(true): only runs are sampled, "
            + "and a read-only Lineage starts none");
      }
      if (only && autoIndex != null && autoIndex > 0) {
        throw new InvalidInputException("readOnly", "conflicts with autoIndex(" + autoIndex + "): publishing an "
            + "index snapshot writes");
      }
      this.readOnly = only;
      return this;
    }

    /**
     * Called once for each damaged or unreadable object this Lineage leaves out of an answer (a corrupt run, index
     * snapshot or stray file; {@link dev.lineage.query.LineageGraph#problems()} lists those of a loaded graph), on
     * the thread that met it; each is also logged at WARNING. For tools that must say an answer left something
     * out. It must return quickly and not throw. Default: none.
     */
    public Builder problemListener(Consumer<StoreProblem> listener) {
      requireUnset(problemListener, "problemListener");
      this.problemListener = require(listener, "problemListener");
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws InvalidInputException if the store URI is not one a backend on the classpath opens, or names a
     *     location that holds objects but is not a Lineage store
     * @throws UnsupportedVersionException if the store was written by a newer Lineage
     * @throws StorageException if the store cannot be reached
     * @throws NotFoundException if {@code createStore(false)} or {@code readOnly(true)} was set and the location
     *     holds no store
     */
    public Lineage build() {
      // Every default is resolved here, where each option documents it; the implementation takes values only.
      return DefaultLineage.open(new DefaultLineage.Settings()
          .store(backend != null ? null : or(store, Lineage.defaultStore()))
          .backend(backend)
          .clock(or(clock, Clock.systemUTC()))
          .executor(executor)
          .flushInterval(or(flushInterval, DEFAULT_FLUSH_INTERVAL))
          .metricBufferPoints(or(metricBufferPoints, DEFAULT_BUFFER_POINTS))
          .tempDir(or(tempDir, Path.of(System.getProperty("java.io.tmpdir"))))
          .environmentAllowlist(or(environmentAllowlist, FingerprintCapture.DEFAULT_ENVIRONMENT))
          .cacheDir(cacheDir != null ? cacheDir : defaultCacheDir())
          .workDir(or(workDir, Path.of("lineage-work")))
          .stepCacheReads(or(stepCacheReads, true))
          .principal(or(principal, System.getProperty("user.name", "unknown")))
          .reasonRequired(or(reasonRequired, false))
          .autoIndex(or(autoIndex, DEFAULT_AUTO_INDEX))
          .systemMetrics(or(systemMetrics, true))
          .systemMetricsInterval(or(systemMetricsInterval, DEFAULT_SAMPLE_INTERVAL))
          .gpuProbe(gpuProbe)
          .gpuIdleThreshold(or(gpuIdleThreshold, DEFAULT_GPU_IDLE_PERCENT))
          .runLease(or(runLease, DefaultLineage.DEFAULT_LEASE))
          .retryBudget(or(retryBudget, RetryBudget.DEFAULT))
          .recordCode(recordCode != null ? recordCode : defaultRecordCode())
          .createStore(or(createStore, true))
          .problemListener(or(problemListener, problem -> { }))
          .readOnly(or(readOnly, false)));
    }

    private static boolean defaultRecordCode() {
      String property = System.getProperty(RECORD_CODE_PROPERTY);
      String env = System.getenv(RECORD_CODE_ENV);
      String name = property != null && !property.isBlank() ? RECORD_CODE_PROPERTY : RECORD_CODE_ENV;
      String value = property != null && !property.isBlank() ? property : env;
      if (value == null || value.isBlank()) {
        return true;
      }
      if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
        throw new InvalidInputException(name, "must be true or false, was '" + value + "'");
      }
      return Boolean.parseBoolean(value.trim());
    }

    private static <T> T or(T value, T otherwise) {
      return value != null ? value : otherwise;
    }

    private static Path defaultCacheDir() {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
      return base.resolve("lineage");
    }

    private static <T> T require(T value, String field) {
      if (value == null) {
        throw new InvalidInputException(field, "must not be null");
      }
      return value;
    }

    /** Refuses a second set of an option, naming the value the first set it to (as Caffeine's builder does). */
    private static void requireUnset(Object earlier, String field) {
      if (earlier != null) {
        throw new InvalidInputException(field, "was already set to " + earlier + " (each option may be set once)");
      }
    }

    /** Refuses an option that only means something with the system sampler, once the sampler is off. */
    private void requireSampler(String field) {
      if (Boolean.FALSE.equals(systemMetrics)) {
        throw new InvalidInputException(field, "conflicts with systemMetrics(false): it configures the sampler");
      }
    }
  }
}
