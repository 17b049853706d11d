package dev.lineage.internal.run;

import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.Run;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunStatus;
import dev.lineage.internal.Names;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.store.FingerprintDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.RunEndDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.system.SampledRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;

/**
 * The owning writer of a run: params, tags, children and the final status. The run ends SUCCEEDED only when it
 * was told so ({@link #succeed()}) and everything it logged was stored; any other close records FAILED (or the
 * KILLED it was given), with the reason.
 */
public final class DefaultRun extends DefaultRunWriter implements Run, SampledRun {
  private static final System.Logger LOG = System.getLogger(DefaultRun.class.getName());
  static final String NOT_SUCCEEDED = "the run was closed without succeed(): an exception inside "
      + "try-with-resources, or a missing run.succeed() (lineage.run(name, body) records either outcome itself)";

  private final String name;
  private final RunOwner owner;
  private final Map<String, ParamValue> params = new HashMap<>();
  private final List<Runnable> closingHooks = new CopyOnWriteArrayList<>();
  private final List<FutureTask<Void>> later = new CopyOnWriteArrayList<>();
  private volatile RunStatus outcome;
  private volatile String failure;
  private volatile RunStatus status = RunStatus.RUNNING;

  private DefaultRun(RunId id, String name, WriterContext ctx, RunOwner owner, String startChecksum) {
    super(id, ctx, owner::ended, startChecksum);
    this.name = name;
    this.owner = owner;
  }

  /** Starts a run for {@code owner}: its start record is in the store before this returns. */
  static DefaultRun start(String name, Optional<RunId> parent, WriterContext ctx, FingerprintDoc fingerprint,
      Optional<RunId> reproduces, RunOwner owner) {
    Names.checkName("run name", name);
    long now = ctx.clock().millis();
    RunId id = RunId.of(Ulid.next(now));
    String checksum = ctx.store().runs().writeStart(new RunStartDoc(id.value(), name,
        parent.map(RunId::value).orElse(null), now, fingerprint, ctx.lease().toMillis(),
        reproduces.map(RunId::value).orElse(null)));
    return new DefaultRun(id, name, ctx, owner, checksum);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RunHandle handle() {
    return new RunHandle(ctx.store().uri(), runId);
  }

  @Override
  public Run logParam(String key, String value) {
    return logParam(key, ParamValue.of(value));
  }

  @Override
  public Run logParam(String key, long value) {
    return logParam(key, ParamValue.of(value));
  }

  @Override
  public Run logParam(String key, double value) {
    return logParam(key, ParamValue.of(value));
  }

  @Override
  public Run logParam(String key, boolean value) {
    return logParam(key, ParamValue.of(value));
  }

  /** Logs a param already validated as a {@link ParamValue} (the step cache logs its typed params). */
  public Run logParam(String key, ParamValue value) {
    ensureOpen();
    Names.checkName("param key", key);
    synchronized (params) {
      ParamValue existing = params.get(key);
      if (existing != null) {
        if (existing.equals(value)) {
          return this;
        }
        throw new InvalidInputException("param '" + key + "'", "params are immutable: already logged as "
            + existing.type() + " " + existing.text() + ", cannot change to " + value.type() + " " + value.text());
      }
      params.put(key, value);
      append(new JournalEvent.Param(ctx.clock().millis(), key, value.type(), value.text()));
    }
    return this;
  }

  @Override
  public Run setTag(String key, String value) {
    Names.checkName("tag key", key);
    Names.checkText("tag value", value, ParamValue.MAX_STRING_BYTES);
    append(new JournalEvent.Tag(ctx.clock().millis(), key, value));
    return this;
  }

  /** Records a fact of Lineage's own (a step execution, the GPU summary) as a typed journal event. */
  public void recordFact(JournalEvent fact) {
    append(fact);
  }

  @Override
  public Run newChild(String childName) {
    ensureOpen();
    return owner.start(childName, Optional.of(runId));
  }

  @Override
  public void succeed() {
    ensureOpen();
    RunStatus was = outcome;
    if (was == RunStatus.FAILED || was == RunStatus.KILLED) {
      throw new InvalidInputException("run", "run " + runId + " was already recorded " + was
          + "; a failure or kill is not undone by succeed()");
    }
    outcome = RunStatus.SUCCEEDED;
  }

  @Override
  public void fail(Throwable cause) {
    ensureOpen();
    failure = cause == null ? "failed (no cause given)" : cause.getClass().getName() + ": " + cause.getMessage();
    outcome = RunStatus.FAILED;
  }

  @Override
  public void kill() {
    ensureOpen();
    failure = "killed";
    outcome = RunStatus.KILLED;
  }

  @Override
  public RunStatus status() {
    return status;
  }

  /** For {@code lineage.run}: the body returned, so the run succeeded unless it said otherwise. */
  public void succeedUnlessEnded() {
    if (outcome == null) {
      outcome = RunStatus.SUCCEEDED;
    }
  }

  /**
   * Records FAILED for {@code cause} and closes the run; a failure to close is attached to {@code cause} as
   * suppressed, so the caller can rethrow {@code cause} itself, unchanged.
   */
  public void failAndClose(Throwable cause) {
    try {
      if (!isClosed()) {
        fail(cause);
      }
      close();
    } catch (RuntimeException closeFailure) {
      cause.addSuppressed(closeFailure);
    }
  }

  /** Ends the run as KILLED because its Lineage closed while it was still open. */
  public void abandon() {
    if (!isClosed()) {
      failure = "the Lineage was closed while the run was open";
      outcome = RunStatus.KILLED;
      close();
    }
  }

  @Override
  public void recordLater(String what, Runnable work) {
    if (what == null || what.isBlank()) {
      throw new InvalidInputException("what", "must say what the work records");
    }
    if (work == null) {
      throw new InvalidInputException("work", "must not be null");
    }
    ensureOpen();
    FutureTask<Void> task = new FutureTask<>(() -> {
      try {
        work.run();
      } catch (RuntimeException | LinkageError e) {
        LOG.log(System.Logger.Level.WARNING, "run " + id() + ": " + what + " could not be recorded", e);
        markIncomplete(what + " could not be recorded: " + e);
      }
      return null;
    });
    later.add(task);
    try {
      ctx.executor().execute(task);
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      // close() runs it on its own thread: the work is only later, never lost.
    }
  }

  /** Finishes the work handed to {@link #recordLater}: runs what has not started here, and waits for the rest. */
  private void finishLater() {
    for (FutureTask<Void> task : later) {
      task.run(); // a no-op where the executor has started or finished it
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        markIncomplete("work recorded later was interrupted while the run closed");
      } catch (java.util.concurrent.ExecutionException e) {
        markIncomplete("work recorded later failed: " + e.getCause());
      }
    }
  }

  /** Runs {@code hook} when the run closes, before its last flush (the sampler records its summary here). */
  public void onClosing(Runnable hook) {
    closingHooks.add(hook);
  }

  @Override
  public void close() {
    if (isClosed()) {
      return;
    }
    finishLater();
    RuntimeException hookFailure = null;
    for (Runnable hook : closingHooks) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        hookFailure = e; // rethrown below, after the run's records are safe
      }
    }
    markClosed();
    RunStatus end = outcome != null ? outcome : RunStatus.FAILED;
    String reason = outcome != null ? failure : NOT_SUCCEEDED;
    RuntimeException flushFailure = null;
    try {
      flushFinal();
    } catch (RuntimeException e) {
      flushFailure = e;
    }
    List<String> errors = trackingErrors();
    if (end == RunStatus.SUCCEEDED && !errors.isEmpty()) {
      end = RunStatus.INCOMPLETE;
      reason = RunFold.incomplete(errors);
    }
    try {
      ctx.store().runs().writeEnd(new RunEndDoc(runId.value(), end, ctx.clock().millis(), reason, writerId,
          journal.committed(), journal.head()));
      status = end;
    } catch (RuntimeException e) {
      if (flushFailure != null) {
        e.addSuppressed(flushFailure);
      }
      flushFailure = e;
    } finally {
      released();
    }
    if (flushFailure != null) {
      throw flushFailure;
    }
    if (hookFailure != null) {
      throw hookFailure;
    }
  }
}
