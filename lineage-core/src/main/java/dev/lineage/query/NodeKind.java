package dev.lineage.query;

/**
 * What a node of the lineage graph stands for.
 *
 * @since 0.1.0
 */
public enum NodeKind {
  /** A run. */
  RUN,
  /** An artifact, by digest. */
  ARTIFACT,
  /** A cached step, by name. */
  STEP,
  /** A version of a registered model. */
  MODEL_VERSION
}
