package dev.lineage.internal.spark;

import dev.lineage.FailSafe;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunWriter;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * The plugin on the driver: the application is a run (a new one, or the one the driver made its own with
 * {@code LineageSpark.useRun}). It records the Spark version, application, master, deploy mode, the non-secret
 * configuration and the shipped jars; a listener records each job's and stage's outcome and the datasets the
 * application read and wrote; executors learn the run from the map this returns. When the application stops, the
 * run ends FAILED if a job failed or the driver stopped without stopping its SparkContext, else SUCCEEDED.
 */
public final class DriverSide implements DriverPlugin {
  static final String STORE = "lineage.store";
  static final String RUN = "lineage.run";
  /** Set with {@code LineageSpark.useRun} before the SparkContext starts. */
  public static final AtomicReference<Run> OWN_RUN = new AtomicReference<>();
  private static final System.Logger LOG = System.getLogger(DriverSide.class.getName());
  private static volatile DriverSide current;

  private final Claims claims = new Claims();
  private final AtomicInteger unseen = new AtomicInteger();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final java.util.Set<String> recorded = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private Lineage lineage;
  private Run run;
  private boolean ownsRun;
  private SparkContext sc;
  private ExecutorService recorder;
  private FailSafe quietly;
  private AppListener listener;
  private int commitsAtStart;

  /** The driver's plugin in this JVM, if the application enabled it. */
  public static DriverSide current() {
    return current;
  }

  public Run run() {
    return run;
  }

  public Lineage lineage() {
    return lineage;
  }

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    this.sc = sc;
    SparkConf conf = sc.getConf();
    Run own = OWN_RUN.getAndSet(null);
    String store = own != null ? own.handle().store().toString()
        : conf.get("spark.lineage.store", Lineage.defaultStore());
    try {
      if (own != null) {
        run = own;
        lineage = SparkStores.builder(store, conf).systemMetrics(false).build();
      } else {
        lineage = SparkStores.builder(store, conf).build();
        run = lineage.newRun(conf.get("spark.lineage.runName", sc.appName()));
        ownsRun = true;
      }
    } catch (RuntimeException | LinkageError e) {
      // Never a failed SparkContext for Lineage's sake: the application runs, unrecorded, and says so loudly.
      LOG.log(System.Logger.Level.ERROR, "Lineage could not open its store " + store + " (" + e + "): this "
          + "application runs, but is NOT recorded; check spark.lineage.store and its credentials", e);
      if (lineage != null) {
        lineage.close();
      }
      lineage = null;
      run = null;
      return Map.of();
    }
    quietly = FailSafe.of(run, "the Spark plugin", "the application", "dev.lineage.spark.LineagePlugin");
    recorder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lineage-spark-recorder");
      t.setDaemon(true);
      return t;
    });
    recordApplication(conf);
    listener = new AppListener(this);
    sc.addSparkListener(listener);
    if (sc.hadoopConfiguration().get(LineageCommitter.MAPRED_KEY) == null) {
      sc.hadoopConfiguration().set(LineageCommitter.MAPRED_KEY, LineageCommitter.class.getName());
    }
    commitsAtStart = LineageCommitter.commits();
    current = this;
    return Map.of(STORE, run.handle().store().toString(), RUN, run.id().value());
  }

  private void recordApplication(SparkConf conf) {
    quietly.run("the application", () -> {
      run.logParam("spark.version", sc.version());
      run.logParam("spark.app.name", sc.appName());
      run.logParam("spark.master", sc.master());
      run.logParam("spark.submit.deployMode", sc.deployMode());
      Map<String, String> kept = SparkConfRecord.of(conf.getAll());
      for (String key : List.of("spark.executor.memory", "spark.executor.cores", "spark.executor.instances",
          "spark.driver.memory", "spark.default.parallelism", "spark.sql.shuffle.partitions",
          "spark.dynamicAllocation.enabled")) {
        if (kept.containsKey(key)) {
          run.logParam(key, kept.get(key));
        }
      }
      run.use("spark-configuration", new ByteArrayInputStream(SparkConfRecord.document(kept)));
      for (String jar : conf.get("spark.jars", "").split(",")) {
        recordJar(jar.trim());
      }
    });
  }

  private void recordJar(String jar) {
    if (jar.isEmpty()) {
      return;
    }
    Path local = jar.startsWith("file:") ? Path.of(java.net.URI.create(jar)) : jar.contains(":") ? null : Path.of(jar);
    if (local != null && Files.isRegularFile(local)) {
      run.use(local, "jar:" + local.getFileName());
    } else {
      unseen("jar " + jar + " (not a local file: its content is not recorded)");
    }
  }

  /** Runs {@code work} off Spark's listener thread, in order, so a slow listing never holds the listener bus. */
  void later(String what, Runnable work) {
    recorder.execute(() -> quietly.run(what, work));
  }

  /** Lists a dataset and records it as an input or an output. */
  void dataset(String location, boolean output) {
    later((output ? "the output " : "the input ") + location, () -> {
      try {
        DatasetListing.Listing listing = DatasetListing.of(location, sc.hadoopConfiguration());
        String name = DatasetListing.name(listing.root());
        if (!recorded.add((output ? "out " : "in ") + name + " " + sha256(listing.document()))) {
          return; // the same files, read again: one edge is enough
        }
        ByteArrayInputStream doc = new ByteArrayInputStream(listing.document());
        // The dataset's root as a URI, as Spark's own OpenLineage integration names it (PathUtils.fromPath). A root
        // no location may be (over 2048 characters) is refused before the listing is read: kept without one.
        try {
          if (output) {
            run.produce(listing.location(), name, doc);
          } else {
            run.use(listing.location(), name, doc);
          }
        } catch (dev.lineage.InvalidInputException unfit) {
          if (output) {
            run.produce(name, doc);
          } else {
            run.use(name, doc);
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Something the application read or wrote that Lineage cannot see: named, so no answer is silently short. */
  void unseen(String what) {
    int n = unseen.incrementAndGet();
    later("an unseen source or sink", () -> run.logParam("spark.unseen." + n, what));
  }

  void jobFailed(String why) {
    failure.compareAndSet(null, why);
  }

  void logMetric(String key, double value, long step) {
    later("metric " + key, () -> run.logMetric(key, value, step));
  }

  /** Called once the application has its id, which it has not yet when {@link #init} runs. */
  @Override
  public void registerMetrics(String appId, PluginContext ctx) {
    if (appId != null && run != null) {
      quietly.run("the application id", () -> run.logParam("spark.app.id", appId));
    }
  }

  /**
   * The executors' claims of a partition's points ({@link Claims}): a granted claim's points are the run's before the
   * answer leaves, so the executor's death after it loses none.
   */
  @Override
  public Object receive(Object message) {
    if (message instanceof Claims.Claim c) {
      Claims.Answer answer = claims.grant(c);
      if (answer == Claims.Answer.GRANTED) {
        quietly.run("the points of task " + c.taskAttemptId(), () -> {
          for (int i = 0; i < c.points(); i++) {
            run.logMetric(c.keys()[c.keyOf()[i]], c.values()[i], c.steps()[i]);
          }
        });
      }
      return answer.name(); // a JDK type: the executor's RPC reads replies without the plugin's class loader
    }
    if (message instanceof Claims.Incomplete i) {
      quietly.run("an executor's loss", () -> run.markIncomplete(i.reason()));
      return null;
    }
    if (message instanceof Claims.Unrecorded u) {
      quietly.run("executor " + u.executorId() + "'s loss", () -> run.markIncomplete("executor " + u.executorId()
          + " could not open the store, so its tasks' points are not recorded: " + u.reason()));
      return null;
    }
    throw new IllegalArgumentException("Lineage's driver plugin does not know " + message);
  }

  /** The application's writer, for code on the driver. */
  public RunWriter writer() {
    return run;
  }

  @Override
  public void shutdown() {
    if (run == null) {
      return; // the store could not be opened: nothing was recorded, nothing to end
    }
    boolean inShutdown = jvmShuttingDown();
    listener.unseenSaves(LineageCommitter.commits() - commitsAtStart).forEach(s -> unseen("sink " + s
        + " (saved through an output committer Lineage does not see)"));
    recorder.shutdown();
    try {
      if (!recorder.awaitTermination(5, TimeUnit.MINUTES)) {
        run.markIncomplete("the datasets of the application were still being listed when it stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String why = failure.get();
    try {
      if (why != null) {
        run.fail(new SparkJobFailedException(why));
      } else if (inShutdown && ownsRun) {
        run.fail(new SparkJobFailedException("the driver exited without stopping its SparkContext, so Lineage "
            + "cannot tell whether the application succeeded"));
      } else if (ownsRun) {
        run.succeed();
      }
      if (ownsRun) {
        run.close();
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Lineage: ending the run of the application failed", e);
    } finally {
      lineage.close();
      current = null;
    }
  }

  /** True while the JVM runs its shutdown hooks: the SparkContext is being stopped by Spark's hook, not the app. */
  private static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** Why an application's run failed: a job failed, or the driver stopped without saying. */
  static final class SparkJobFailedException extends RuntimeException {
    SparkJobFailedException(String message) {
      super(message, null, false, false);
    }
  }
}
