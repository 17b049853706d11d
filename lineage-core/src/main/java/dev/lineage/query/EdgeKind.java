package dev.lineage.query;

/**
 * The relations of the lineage graph, each read "from … to".
 *
 * @since 0.1.0
 */
public enum EdgeKind {
  /** run → artifact it read */
  USED,
  /** run → artifact it wrote */
  PRODUCED,
  /** nested run → its parent run */
  CHILD_OF,
  /** run served from the step cache → the run that computed the outputs */
  CACHE_HIT_OF,
  /** model version → the artifact it is */
  REGISTERED_AS,
  /** run → the step it executed */
  INSTANCE_OF
}
