package dev.lineage.step;

import dev.lineage.Artifact;
import java.nio.file.Path;

/**
 * A step being declared: everything that determines its result goes into the cache key, and any change to any
 * of it is a miss, so a hit is never wrong. Each setter validates its argument at once. Not thread-safe; the
 * cache it runs against is.
 *
 * <pre>{@code
 * StepResult features = lineage.step("featurize")
 *     .param("window", 7)
 *     .input("raw", rawData)
 *     .run(ctx -> ctx.produce(writeFeatures(ctx.input("raw"), ctx.outputDir()), "features"));
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Step {
  /** Adds a STRING param to the step's key and to the runs it makes; set once per key. */
  Step param(String key, String value);

  /** Like {@link #param(String, String)}, for a LONG param. */
  Step param(String key, long value);

  /** Like {@link #param(String, String)}, for a DOUBLE param. */
  Step param(String key, double value);

  /** Like {@link #param(String, String)}, for a BOOLEAN param. */
  Step param(String key, boolean value);

  /** A local file or directory input, hashed (through the local hash cache) and recorded as used. */
  Step input(String name, Path path);

  /** An earlier step's output; its digest is already known and its local path is used as is. */
  Step input(String name, StepOutput output);

  /** A stored artifact; restored to a local path only if the body asks for it. */
  Step input(String name, Artifact artifact);

  /** An environment value the result depends on, such as a CUDA version. */
  Step env(String key, String value);

  /**
   * Pins the code fingerprint to a version string, instead of the digest of the bytecode the body can reach: you
   * then promise to change the version whenever the step's code changes.
   */
  Step codeVersion(String version);

  /**
   * Widens the code fingerprint with a class and the bytecode it can reach: for code the body reaches in ways
   * the fingerprint cannot see (reflection, {@code ServiceLoader}, an implementation behind an interface that
   * was not handed to the body). See docs/step-cache.md.
   */
  Step code(Class<?> type);

  /** Widens the code fingerprint with every class of {@code member}'s package, and what they reach. */
  Step codePackage(Class<?> member);

  /** Widens the code fingerprint with the whole jar (or classes directory) {@code member} was loaded from. */
  Step codeJar(Class<?> member);

  /** Widens the code fingerprint with a file's content (a script, a config the code reads). */
  Step codeFile(Path file);

  /** Runs the body even if an entry exists, and offers the result as the entry. */
  Step forceRecompute();

  /**
   * The entry {@link #run} would be served from right now, if any, without running or recording anything.
   * It decides a hit exactly as {@code run} does, except that outputs are only verified when restored.
   */
  java.util.Optional<StepCacheEntry> lookup();

  /**
   * Returns the cached result, or runs {@code body}. A body that throws records a FAILED run, publishes no
   * cache entry and rethrows the same exception.
   */
  <E extends Exception> StepResult run(StepBody<E> body) throws E;
}
