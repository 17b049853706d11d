package dev.lineage.query;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;

/**
 * A node of the lineage graph: a run (by id), an artifact (by digest), a step (by name) or a model version
 * ({@code model@version}).
 *
 * @since 0.1.0
 */
public record Node(NodeKind kind, String id) {
  public Node {
    if (kind == null || id == null || id.isEmpty()) {
      throw new InvalidInputException("node", "kind and id must be given");
    }
  }

  /** The node of a run. */
  public static Node run(RunId id) {
    return new Node(NodeKind.RUN, id.value());
  }

  /** The node of an artifact, by its content. */
  public static Node artifact(Digest digest) {
    return new Node(NodeKind.ARTIFACT, digest.toString());
  }

  /** The node of a cached step, by its name. */
  public static Node step(String name) {
    return new Node(NodeKind.STEP, name);
  }

  /** The node of a registered model version. */
  public static Node modelVersion(String model, int version) {
    return new Node(NodeKind.MODEL_VERSION, model + "@" + version);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
