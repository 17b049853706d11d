package dev.lineage.internal.spark;

import dev.lineage.FailSafe;
import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * The plugin in each executor: one writer per executor JVM, attached to the application's run when the executor
 * starts and closed when it stops. A task attempt's points are held until it succeeds and the driver grants its
 * claim, then flushed in the background, at most a second later; a failed attempt's are dropped. Recording never fails a task: what
 * cannot be recorded is logged and marked on the run.
 */
public final class ExecutorSide implements ExecutorPlugin {
  private static final System.Logger LOG = System.getLogger(ExecutorSide.class.getName());
  private static volatile ExecutorSide current;

  private final ThreadLocal<TaskAttempt> attempts = new ThreadLocal<>();
  private final AtomicBoolean flushPending = new AtomicBoolean();
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private PluginContext context;
  private Lineage lineage;
  private RunWriter writer;
  private FailSafe quietly;
  private ScheduledExecutorService flusher;
  private volatile long lastFlush;
  static final long FLUSH_EVERY_MILLIS = 1_000;

  /** The task view of the writer if this thread runs a task of an application with the plugin, else null. */
  public static RunWriter taskWriterOfThisThread() {
    ExecutorSide executor = current;
    return executor == null ? null : executor.attempts.get();
  }

  @Override
  public void init(PluginContext ctx, Map<String, String> extraConf) {
    String store = extraConf.get(DriverSide.STORE);
    String run = extraConf.get(DriverSide.RUN);
    if (store == null || run == null) {
      LOG.log(System.Logger.Level.WARNING, "Lineage: the driver sent no run; this executor records nothing");
      return;
    }
    this.context = ctx;
    try {
      this.lineage = Lineage.builder().store(store).systemMetrics(false).build();
      this.writer = lineage.attach(new RunHandle(URI.create(store), RunId.of(run)));
    } catch (RuntimeException | LinkageError e) {
      // Once, clearly, and the executor goes on: never an executor that dies at start and is started again.
      LOG.log(System.Logger.Level.ERROR, "Lineage on executor " + ctx.executorID() + " could not open the store "
          + store + " (" + e + "): its tasks run, but their points are not recorded, and the run says so", e);
      if (lineage != null) {
        lineage.close();
      }
      lineage = null;
      writer = null;
      try {
        ctx.send(new Claims.Unrecorded(ctx.executorID(), e.toString()));
      } catch (java.io.IOException | RuntimeException unsent) {
        LOG.log(System.Logger.Level.WARNING, "Lineage could not tell the driver either", unsent);
      }
      return;
    }
    this.quietly = FailSafe.of(writer, "executor " + ctx.executorID(), "the task", "dev.lineage.spark.LineagePlugin");
    // An executor the cluster stops with SIGTERM before Spark calls shutdown() still closes its writer, so the run
    // does not read as if this executor had died with points unsaid.
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "lineage-spark-executor-close"));
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lineage-spark-flush");
      t.setDaemon(true);
      return t;
    });
    current = this;
  }

  @Override
  public void onTaskStart() {
    TaskContext task = TaskContext.get();
    if (writer != null && task != null) {
      attempts.set(new TaskAttempt(task.stageId(), task.partitionId(), task.taskAttemptId(), writer));
    }
  }

  @Override
  public void onTaskSucceeded() {
    TaskAttempt a = attempts.get();
    attempts.remove();
    if (a == null || !a.hasPoints()) {
      return;
    }
    try {
      if (Boolean.TRUE.equals(context.ask(new Claims.Claim(a.stageId, a.partition, a.taskAttemptId)))) {
        a.release();
        flushSoon();
      }
    } catch (Exception | LinkageError e) {
      failed("the points of task " + a.taskAttemptId, e);
    }
  }

  @Override
  public void onTaskFailed(TaskFailedReason reason) {
    attempts.remove(); // a failed attempt's points are not the partition's
  }

  /**
   * A flush after the task that needed it, at most one a second: a killed executor loses at most the last second's
   * points, and a stream of short tasks does not make a segment each.
   */
  private void flushSoon() {
    if (flushPending.compareAndSet(false, true)) {
      long wait = Math.max(0, lastFlush + FLUSH_EVERY_MILLIS - System.currentTimeMillis());
      flusher.schedule(() -> {
        flushPending.set(false);
        lastFlush = System.currentTimeMillis();
        try {
          writer.flush();
        } catch (LineageException e) {
          failed("a flush", e); // kept by the writer and offered again by the next flush
        }
      }, wait, TimeUnit.MILLISECONDS);
    }
  }

  private void failed(String what, Throwable e) {
    quietly.failed(what, e);
  }

  @Override
  public void shutdown() {
    if (writer == null || !shutDown.compareAndSet(false, true)) {
      return;
    }
    flusher.shutdownNow(); // a pending flush is done by close() below
    try {
      flusher.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      writer.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Lineage: closing the executor's writer failed", e);
    } finally {
      lineage.close();
      current = null;
    }
  }
}
