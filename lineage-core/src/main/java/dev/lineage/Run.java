package dev.lineage;

/**
 * A run being recorded: params, tags, metrics, artifacts and a final status.
 *
 * <p>The simplest way to run one is {@link Lineage#run(String, RunBody)}: SUCCEEDED if the body returns, FAILED
 * (and the same exception rethrown) if it throws. A run opened with {@link Lineage#newRun} and closed by
 * try-with-resources cannot see an exception thrown inside the block, so it records {@link RunStatus#SUCCEEDED}
 * only if {@link #succeed()} was called before {@link #close()}; otherwise it records FAILED, saying that it was
 * closed without succeeding. Either way, a run whose records could not all be stored is never SUCCEEDED.
 *
 * <pre>{@code
 * try (Run run = lineage.newRun("train")) {
 *   train(run);
 *   run.succeed();   // the last statement: reached only if nothing above threw
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Run extends RunWriter {
  /** The run's name, as it was started. */
  String name();

  /** A handle that another thread or JVM can use to log into this run. */
  RunHandle handle();

  /**
   * Logs a parameter. Params are immutable: logging the same key again with an equal value is a no-op, with a
   * different value or type it throws {@link InvalidInputException} and the first value stays.
   *
   * <p>Keys (and metric keys, tag keys and artifact names) are 1 to 250 UTF-8 bytes of well-formed Unicode
   * without control characters or a {@code ..} segment between {@code /}. String values are at most
   * {@value ParamValue#MAX_STRING_BYTES} UTF-8 bytes.
   */
  Run logParam(String key, String value);

  /** Like {@link #logParam(String, String)}, for a LONG param. */
  Run logParam(String key, long value);

  /** Like {@link #logParam(String, String)}, for a DOUBLE param. */
  Run logParam(String key, double value);

  /** Like {@link #logParam(String, String)}, for a BOOLEAN param. */
  Run logParam(String key, boolean value);

  /** Sets a tag; a later value for the same key replaces the earlier one. */
  Run setTag(String key, String value);

  /** Starts a nested run whose parent is this one. */
  Run newChild(String name);

  /**
   * Says the run succeeded: {@link #close()} then records SUCCEEDED (if everything it logged was stored). Call it
   * last in a try-with-resources block. A run already recorded FAILED or KILLED stays so.
   *
   * @throws InvalidInputException if {@link #fail} or {@link #kill} was called, or the run is closed
   */
  void succeed();

  /**
   * Records FAILED with the cause's type and message; {@link #close()} then keeps that status (also after an
   * earlier {@link #succeed()}).
   */
  void fail(Throwable cause);

  /** Records KILLED; {@link #close()} then keeps that status. */
  void kill();

  /** RUNNING until the run ends. */
  RunStatus status();

  /**
   * Runs {@code work}, which records {@code what} into this run, off the caller's thread (on the Lineage's
   * executor): for a recorder that must not hold up its caller, such as a training listener's first call, which
   * serialises the network's configuration. {@link #close()} first finishes it (running it itself if it has not
   * started), so nothing it records is lost to an early close. A failure is never thrown: it is logged once and
   * {@linkplain #markIncomplete marked} on the run, which is then never SUCCEEDED.
   *
   * @throws InvalidInputException if {@code what} is blank, {@code work} is null, or the run is closed
   * @since 0.1.0
   */
  @Experimental
  void recordLater(String what, Runnable work);
}
