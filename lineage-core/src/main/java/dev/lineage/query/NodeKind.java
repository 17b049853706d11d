package dev.lineage.query;

/** What a node of the lineage graph stands for. */
public enum NodeKind {
  RUN,
  ARTIFACT,
  STEP,
  MODEL_VERSION
}
