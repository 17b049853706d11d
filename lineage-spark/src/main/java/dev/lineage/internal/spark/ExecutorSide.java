package dev.lineage.internal.spark;

import dev.lineage.FailSafe;
import dev.lineage.Lineage;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunWriter;
import java.net.URI;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * The plugin in each executor: the store, opened once when the executor starts. A task attempt's points are held
 * until it succeeds, then sent to the driver with its claim, which records them before it grants it ({@link Claims}):
 * once granted, an executor's death loses none. An attempt that records artifacts or its input wait attaches a
 * writer of its own and closes it before it claims. Recording never fails a task: what cannot be recorded is logged
 * and marked on the run, through the driver.
 */
public final class ExecutorSide implements ExecutorPlugin {
  private static final System.Logger LOG = System.getLogger(ExecutorSide.class.getName());
  private static volatile ExecutorSide current;

  private final ThreadLocal<TaskAttempt> attempts = new ThreadLocal<>();
  private PluginContext context;
  private Lineage lineage;
  private RunHandle handle;
  private FailSafe quietly;
  private final Halts halts = new Halts();

  /** The task view of the run if this thread runs a task of an application with the plugin, else null. */
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
      this.lineage = SparkStores.builder(store, ctx.conf()).systemMetrics(false).build();
      this.handle = new RunHandle(URI.create(store), RunId.of(run));
    } catch (RuntimeException | LinkageError e) {
      // Once, clearly, and the executor goes on: never an executor that dies at start and is started again.
      LOG.log(System.Logger.Level.ERROR, "Lineage on executor " + ctx.executorID() + " could not open the store "
          + store + " (" + e + "): its tasks run, but what they record is not, and the run says so", e);
      lineage = null;
      try {
        ctx.send(new Claims.Unrecorded(ctx.executorID(), e.toString()));
      } catch (java.io.IOException | RuntimeException unsent) {
        LOG.log(System.Logger.Level.WARNING, "Lineage could not tell the driver either", unsent);
      }
      return;
    }
    this.quietly = FailSafe.of(DisabledWriter.markingThrough(handle.runId(), this::tellDriver),
        "executor " + ctx.executorID(), "the task", "dev.lineage.spark.LineagePlugin");
    current = this;
  }

  @Override
  public void onTaskStart() {
    TaskContext task = TaskContext.get();
    if (lineage != null && task != null) {
      attempts.set(new TaskAttempt(task.stageId(), task.partitionId(), task.taskAttemptId(), handle.runId(),
          () -> lineage.attach(handle), this::tellDriver));
      try {
        halts.arm(task);
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "Lineage: " + e.getMessage());
      }
    }
  }

  @Override
  public void onTaskSucceeded() {
    TaskAttempt a = attempts.get();
    attempts.remove();
    if (a == null) {
      return;
    }
    // Its artifacts durable first: a result Spark has seen never stands on records still in memory.
    if (a.attached()) {
      quietly.run("the records of task " + a.taskAttemptId, () -> {
        a.flushWriter();
        halts.at(Halts.IN_FLUSH, a.taskAttemptId);
        a.closeWriter();
      });
    }
    if (a.hasPoints()) {
      try {
        Object answer = context.ask(a.claim());
        if (Claims.Answer.GRANTED.name().equals(answer)) {
          halts.at(Halts.AFTER_GRANT, a.taskAttemptId);
        }
      } catch (Exception | LinkageError e) {
        quietly.failed("the points of task " + a.taskAttemptId, e);
      }
    }
  }

  @Override
  public void onTaskFailed(TaskFailedReason reason) {
    TaskAttempt a = attempts.get();
    attempts.remove(); // a failed attempt's points are not the partition's; what it read and wrote stands
    if (a != null && a.attached()) {
      quietly.run("the records of failed task " + a.taskAttemptId, a::closeWriter);
    }
  }

  private void tellDriver(String incomplete) {
    try {
      context.send(new Claims.Incomplete(incomplete));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("the driver could not be told: " + incomplete, e);
    }
  }

  @Override
  public void shutdown() {
    if (lineage != null) {
      lineage.close();
      lineage = null;
      current = null;
    }
  }
}
