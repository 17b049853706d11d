package dev.lineage.internal.spark;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.RunWriter;
import dev.lineage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writer of code that logs where Lineage records nothing (the plugin is not enabled, or its store could not be
 * opened): every call does nothing, so a job's logging line never fails the job. One warning per JVM says so.
 * Its id names no run. The same writer, given a run and somewhere to send marks, is an executor's fail-safe target.
 */
public final class DisabledWriter implements RunWriter {
  private static final System.Logger LOG = System.getLogger("dev.lineage.spark.LineagePlugin");
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static final RunId NO_RUN = RunId.of("00000000000000000000000000");
  private static final DisabledWriter INSTANCE = new DisabledWriter(NO_RUN, what -> { });

  private final RunId run;
  private final java.util.function.Consumer<String> marks;

  private DisabledWriter(RunId run, java.util.function.Consumer<String> marks) {
    this.run = run;
    this.marks = marks;
  }

  /**
   * A writer that records nothing itself and hands what it is told is incomplete to {@code marks}: an executor's
   * fail-safe recorder, whose marks the driver writes on the run.
   */
  static RunWriter markingThrough(RunId run, java.util.function.Consumer<String> marks) {
    return new DisabledWriter(run, marks);
  }

  /** The writer, after a warning (the first time in this JVM) saying why nothing is recorded. */
  public static RunWriter because(String why) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "Lineage records nothing here (" + why + "): LineageSpark.writer() "
          + "returns a writer that does nothing, so the job goes on unrecorded (logged once)");
    }
    return INSTANCE;
  }

  @Override
  public RunId id() {
    return run;
  }

  @Override
  public void logMetric(String key, double value, long step) {}

  @Override
  public void logMetric(String key, double value) {}

  @Override
  public Artifact use(Path path) {
    return describe(path, null);
  }

  @Override
  public Artifact use(Path path, String name) {
    return describe(path, name);
  }

  @Override
  public Artifact produce(Path path) {
    return describe(path, null);
  }

  @Override
  public Artifact produce(Path path, String name) {
    return describe(path, name);
  }

  @Override
  public Artifact use(String name, InputStream content) {
    return describe(name, content);
  }

  @Override
  public Artifact produce(String name, InputStream content) {
    return describe(name, content);
  }

  @Override
  public Artifact use(URI location, String name, InputStream content) {
    return at(location, describe(name, content));
  }

  @Override
  public Artifact produce(URI location, String name, InputStream content) {
    return at(location, describe(name, content));
  }

  private static Artifact at(URI location, Artifact artifact) {
    return new Artifact(artifact.digest(), artifact.kind(), artifact.size(), artifact.name(),
        Optional.ofNullable(location));
  }

  /** What the artifact would have been recorded as, so code that uses the answer goes on as it would. */
  private static Artifact describe(Path path, String name) {
    try {
      boolean directory = Files.isDirectory(path);
      long size = directory ? 0 : Files.size(path);
      return new Artifact(Digest.of(path), directory ? ArtifactKind.DIRECTORY : ArtifactKind.FILE, size,
          Optional.ofNullable(name));
    } catch (IOException e) {
      throw new StorageException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static Artifact describe(String name, InputStream content) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size = 0;
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = content.read(buffer)) > 0; size += n) {
        sha.update(buffer, 0, n);
      }
      return new Artifact(new Digest(HexFormat.of().formatHex(sha.digest())), ArtifactKind.FILE, size,
          Optional.ofNullable(name));
    } catch (IOException e) {
      throw new StorageException("cannot read the content of " + name + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void logInputWait(long waitedNanos, long computedNanos) {}

  @Override
  public void markIncomplete(String what) {
    marks.accept(what);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
