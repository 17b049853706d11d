package dev.lineage;

import java.util.Map;
import java.util.Optional;

/**
 * What is needed to reproduce a run, captured when it starts.
 *
 * @param gitCommit the commit of the working directory's repository, if there is one
 * @param gitState whether the working tree was dirty; UNKNOWN without a {@code git} executable
 * @param classpathDigest SHA-256 over each classpath entry's path, size and modification time (by content:
 *     {@code classpath})
 * @param environment the allow-listed environment variables; names that look like secrets are never stored
 * @param frameworks the versions of the ML and data frameworks on the classpath that Lineage knows (for example
 *     {@code deeplearning4j}, {@code nd4j-backend}, {@code spark}), by name; empty when none is there
 * @param command how the JVM was started (experimental); empty when it was not recorded (turned off, or a run
 *     recorded before Lineage recorded commands)
 * @param source the working tree beyond its commit: remote, uncommitted changes, untracked files (experimental);
 *     empty outside a git working tree, where git did not answer, when turned off, or in a run recorded before
 * @param classpath the class path by content (experimental): a manifest stored once by its digest, whose entries
 *     {@link Lineage#classpath(RunId)} reads. It is captured off the caller's thread and recorded in the run's
 *     journal when ready (at the latest when the run closes), so a running run may not show it yet; empty when
 *     turned off or in a run recorded before
 *
 * @since 0.1.0
 */
public record Fingerprint(
    Optional<String> gitCommit,
    GitState gitState,
    String jvmVendor,
    String jvmVersion,
    String os,
    String host,
    String user,
    Optional<String> mainClass,
    String classpathDigest,
    Map<String, String> environment,
    Map<String, String> frameworks,
    Optional<Command> command,
    Optional<SourceState> source,
    Optional<Artifact> classpath) {
  public Fingerprint {
    environment = Map.copyOf(environment);
    frameworks = Map.copyOf(frameworks);
  }

  /** A fingerprint without a recorded command. */
  public Fingerprint(Optional<String> gitCommit, GitState gitState, String jvmVendor, String jvmVersion, String os,
      String host, String user, Optional<String> mainClass, String classpathDigest, Map<String, String> environment,
      Map<String, String> frameworks) {
    this(gitCommit, gitState, jvmVendor, jvmVersion, os, host, user, mainClass, classpathDigest, environment,
        frameworks, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
