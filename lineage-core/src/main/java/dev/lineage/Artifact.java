package dev.lineage;

import java.util.Optional;

/**
 * A content-addressed file or directory as a run used or produced it.
 *
 * @param digest SHA-256 of the file, or of the directory's canonical manifest
 * @param size bytes of the file, or the total of the directory's files
 * @param name the logical name the run gave it, if any
 *
 * @since 0.1.0
 */
public record Artifact(Digest digest, ArtifactKind kind, long size, Optional<String> name) {
  public Artifact {
    if (digest == null || kind == null || name == null) {
      throw new InvalidInputException("artifact", "digest, kind and name must not be null");
    }
    if (size < 0) {
      throw new InvalidInputException("artifact size", "must be >= 0");
    }
  }
}
