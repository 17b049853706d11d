package dev.lineage;

/** Whether an artifact is one file or a directory tree (identified by the digest of its manifest). */
public enum ArtifactKind {
  FILE,
  DIRECTORY
}
