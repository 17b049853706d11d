package dev.lineage;

/**
 * Whether an artifact is one file or a directory tree (identified by the digest of its manifest).
 *
 * @since 0.1.0
 */
public enum ArtifactKind {
  /** A regular file: its digest is SHA-256 of its bytes. */
  FILE,
  /** A directory: its digest is SHA-256 of its canonical manifest (each file's relative path, size and digest). */
  DIRECTORY
}
