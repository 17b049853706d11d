package dev.lineage;

import java.net.URI;
import java.util.Optional;

/**
 * A content-addressed file or directory as a run used or produced it.
 *
 * @param digest SHA-256 of the file, or of the directory's canonical manifest
 * @param size bytes of the file, or the total of the directory's files
 * @param name the logical name the run gave it, if any
 * @param location where the run read or wrote it, if known: a file's absolute {@code file:} URI, or the URI a
 *     caller gave ({@code s3://bucket/key}, {@code hdfs://namenode:8020/path}); what OpenLineage names it by
 *     (docs/openlineage.md). Content-addressed lineage joins runs by {@code digest}, never by location
 *
 * @since 0.1.0
 */
public record Artifact(Digest digest, ArtifactKind kind, long size, Optional<String> name, Optional<URI> location) {
  public Artifact {
    if (digest == null || kind == null || name == null || location == null) {
      throw new InvalidInputException("artifact", "digest, kind, name and location must not be null");
    }
    if (size < 0) {
      throw new InvalidInputException("artifact size", "must be >= 0");
    }
  }

  /** An artifact whose location is not known (content given as a stream, or recorded before locations were). */
  public Artifact(Digest digest, ArtifactKind kind, long size, Optional<String> name) {
    this(digest, kind, size, name, Optional.empty());
  }
}
