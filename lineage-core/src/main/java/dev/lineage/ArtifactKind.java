package dev.lineage;

/**
 * Whether an artifact is one file or a directory tree (identified by the digest of its manifest).
 *
 * @since 0.1.0
 */
public enum ArtifactKind {
  FILE,
  DIRECTORY
}
