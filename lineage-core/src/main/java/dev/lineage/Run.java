package dev.lineage;

/**
 * A run being recorded: params, tags, metrics, artifacts and a final status.
 *
 * <p>{@link #close()} records {@link RunStatus#SUCCEEDED} unless {@link #fail} or {@link #kill} was called
 * first. A try-with-resources block cannot see an exception thrown inside it, so to record failures
 * automatically use {@link Lineage#run(String, RunBody)}, which records {@link RunStatus#FAILED} and rethrows
 * the same exception.
 */
public interface Run extends RunWriter {
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

  Run logParam(String key, long value);

  Run logParam(String key, double value);

  Run logParam(String key, boolean value);

  /** Sets a tag; a later value for the same key replaces the earlier one. */
  Run setTag(String key, String value);

  /** Starts a nested run whose parent is this one. */
  Run newChild(String name);

  /** Records FAILED with the cause's type and message; {@link #close()} then keeps that status. */
  void fail(Throwable cause);

  /** Records KILLED; {@link #close()} then keeps that status. */
  void kill();

  /** RUNNING until the run ends. */
  RunStatus status();
}
