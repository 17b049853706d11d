package dev.lineage.query;

/**
 * What a node of the lineage graph stands for.
 *
 * @since 0.1.0
 */
public enum NodeKind {
  RUN,
  ARTIFACT,
  STEP,
  MODEL_VERSION
}
