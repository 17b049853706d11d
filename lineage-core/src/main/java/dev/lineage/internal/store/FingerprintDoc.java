package dev.lineage.internal.store;

import java.util.Map;

/** The reproducibility fingerprint inside a run start record. */
public record FingerprintDoc(
    String gitCommit,
    String gitState,
    String jvmVendor,
    String jvmVersion,
    String os,
    String host,
    String user,
    String mainClass,
    String classpathDigest,
    Map<String, String> environment,
    Map<String, String> frameworks,
    CommandDoc command,
    SourceStateDoc source) {
  public FingerprintDoc {
    Check.present(gitState, "gitState");
    dev.lineage.GitState.valueOf(gitState);
    Check.present(jvmVendor, "jvmVendor");
    Check.present(jvmVersion, "jvmVersion");
    Check.present(os, "os");
    Check.present(host, "host");
    Check.present(user, "user");
    Check.present(classpathDigest, "classpathDigest");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    frameworks = frameworks == null ? Map.of() : Map.copyOf(frameworks); // absent before 2026-12
  }

  /** The fingerprint's working tree state, if it was recorded. */
  public java.util.Optional<dev.lineage.SourceState> sourceOrEmpty() {
    return java.util.Optional.ofNullable(source).map(SourceStateDoc::state);
  }

  /** The fingerprint's command, if one was recorded. */
  public java.util.Optional<dev.lineage.Command> commandOrEmpty() {
    return java.util.Optional.ofNullable(command).map(CommandDoc::command);
  }
}
