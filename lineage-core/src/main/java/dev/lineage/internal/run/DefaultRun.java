package dev.lineage.internal.run;

import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.Run;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunStatus;
import dev.lineage.internal.Json;
import dev.lineage.internal.Names;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The owning writer of a run: params, tags, children and the final status. */
public final class DefaultRun extends DefaultRunWriter implements Run {
  private final String name;
  private final URI store;
  private final RunStarter starter;
  private final Map<String, ParamValue> params = new HashMap<>();
  private volatile RunStatus status = RunStatus.RUNNING;
  private volatile String failure;

  private DefaultRun(RunId id, String name, URI store, WriterContext ctx, Consumer<DefaultRunWriter> onClose,
      RunStarter starter) {
    super(id, ctx, onClose);
    this.name = name;
    this.store = store;
    this.starter = starter;
  }

  /** Starts runs for {@link #newChild}. */
  @FunctionalInterface
  public interface RunStarter {
    Run start(String name, Optional<RunId> parent);
  }

  /** Starts a run: its start record is in the store before this returns. */
  public static DefaultRun start(String name, Optional<RunId> parent, URI store, WriterContext ctx,
      Records.FingerprintDoc fingerprint, Consumer<DefaultRunWriter> onClose, RunStarter starter) {
    Names.checkName("run name", name);
    long now = ctx.clock().millis();
    RunId id = RunId.of(Ulid.next(now));
    Records.RunStart start = new Records.RunStart(Records.RUN_START_FORMAT, StoreLayout.FORMAT_VERSION,
        id.value(), name, parent.map(RunId::value).orElse(null), now, fingerprint);
    PutOnce.put(ctx.backend(), StoreLayout.runStart(id), Json.write(start));
    return new DefaultRun(id, name, store, ctx, onClose, starter);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RunHandle handle() {
    return new RunHandle(store, runId);
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
      journal.append(Records.Event.param(ctx.clock().millis(), key, value.type().name(), value.text()));
    }
    return this;
  }

  /** Tags whose keys start with this are Lineage's own (step cache, GPU summary); users cannot set them. */
  public static final String RESERVED_TAG_PREFIX = "lineage.";

  @Override
  public Run setTag(String key, String value) {
    Names.checkName("tag key", key);
    if (key.startsWith(RESERVED_TAG_PREFIX)) {
      throw new InvalidInputException("tag key", "the '" + RESERVED_TAG_PREFIX + "' prefix is reserved: " + key);
    }
    return systemTag(key, value);
  }

  /** Sets a tag, reserved keys included. */
  public Run systemTag(String key, String value) {
    ensureOpen();
    Names.checkName("tag key", key);
    Names.checkText("tag value", value, ParamValue.MAX_STRING_BYTES);
    journal.append(Records.Event.tag(ctx.clock().millis(), key, value));
    return this;
  }


  @Override
  public Run newChild(String childName) {
    ensureOpen();
    return starter.start(childName, Optional.of(runId));
  }

  @Override
  public void fail(Throwable cause) {
    ensureOpen();
    failure = cause == null ? null : cause.getClass().getName() + ": " + cause.getMessage();
    status = RunStatus.FAILED;
  }

  /**
   * Records FAILED for {@code cause} and closes the run; a failure to close is attached to {@code cause} as
   * suppressed, so the caller can rethrow {@code cause} itself, unchanged.
   */
  public void failAndClose(Throwable cause) {
    try {
      fail(cause);
      close();
    } catch (RuntimeException closeFailure) {
      cause.addSuppressed(closeFailure);
    }
  }

  @Override
  public void kill() {
    ensureOpen();
    status = RunStatus.KILLED;
  }

  @Override
  public RunStatus status() {
    return status;
  }

  /** Ends the run as KILLED because its Lineage closed while it was still open. */
  public void abandon() {
    if (!isClosed()) {
      failure = "Lineage closed while the run was open";
      status = RunStatus.KILLED;
      close();
    }
  }

  private final java.util.List<Runnable> closingHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Runs {@code hook} when the run closes, before its last flush (the sampler records its summary here). */
  public void onClosing(Runnable hook) {
    closingHooks.add(hook);
  }

  @Override
  public void close() {
    if (isClosed()) {
      return;
    }
    RunStatus end = status == RunStatus.RUNNING ? RunStatus.SUCCEEDED : status;
    RuntimeException hookFailure = null;
    for (Runnable hook : closingHooks) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        hookFailure = e; // rethrown below, after the run's records are safe
      }
    }
    try {
      super.close();
    } finally {
      // The end record is written even if the last flush failed; the flush's exception still propagates.
      Records.RunEnd doc = new Records.RunEnd(Records.RUN_END_FORMAT, StoreLayout.FORMAT_VERSION, runId.value(),
          end.name(), ctx.clock().millis(), failure);
      PutOnce.put(ctx.backend(), StoreLayout.runEnd(runId), Json.write(doc));
      status = end;
    }
    if (hookFailure != null) {
      throw hookFailure;
    }
  }
}
