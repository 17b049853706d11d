package dev.lineage.query;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;

/**
 * A node of the lineage graph: a run (by id), an artifact (by digest), a step (by name) or a model version
 * ({@code model@version}). Its {@code id} is checked against its kind when it is made, and read back typed through
 * {@link #runId()}, {@link #digest()}, {@link #step()}, {@link #model()} and {@link #version()}: no caller parses it.
 *
 * @param kind what the node is
 * @param id its canonical text: a run's ULID, {@code sha256:<hex>}, a step's name, {@code model@version}
 * @since 0.1.0
 */
public record Node(NodeKind kind, String id) {
  public Node {
    if (kind == null || id == null || id.isEmpty()) {
      throw new InvalidInputException("node", "kind and id must be given");
    }
    switch (kind) {
      case RUN -> RunId.of(id);
      case ARTIFACT -> {
        if (!Digest.parse(id).toString().equals(id)) {
          throw new InvalidInputException("node", "an artifact's id is its digest as sha256:<hex>, was " + id);
        }
      }
      case MODEL_VERSION -> modelVersionAt(id);
      default -> { }
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
    if (model == null || model.isEmpty() || version < 1) {
      throw new InvalidInputException("node", "a model version needs a model name and a version >= 1");
    }
    return new Node(NodeKind.MODEL_VERSION, model + "@" + version);
  }

  /** The run of a {@link NodeKind#RUN} node; an {@link InvalidInputException} for any other kind. */
  public RunId runId() {
    require(NodeKind.RUN);
    return RunId.of(id);
  }

  /** The content of an {@link NodeKind#ARTIFACT} node; an {@link InvalidInputException} for any other kind. */
  public Digest digest() {
    require(NodeKind.ARTIFACT);
    return Digest.parse(id);
  }

  /** The name of a {@link NodeKind#STEP} node; an {@link InvalidInputException} for any other kind. */
  public String step() {
    require(NodeKind.STEP);
    return id;
  }

  /** The model of a {@link NodeKind#MODEL_VERSION} node; an {@link InvalidInputException} for any other kind. */
  public String model() {
    require(NodeKind.MODEL_VERSION);
    return id.substring(0, modelVersionAt(id));
  }

  /** The version of a {@link NodeKind#MODEL_VERSION} node; an {@link InvalidInputException} for any other kind. */
  public int version() {
    require(NodeKind.MODEL_VERSION);
    return Integer.parseInt(id.substring(modelVersionAt(id) + 1));
  }

  private void require(NodeKind expected) {
    if (kind != expected) {
      throw new InvalidInputException("node", "is a " + kind + " node, not of kind " + expected + ": " + this);
    }
  }

  /** Where a model version's id splits into model and version; refuses an id that is not {@code model@n}. */
  private static int modelVersionAt(String id) {
    int at = id.lastIndexOf('@');
    if (at > 0 && at < id.length() - 1) {
      try {
        if (Integer.parseInt(id.substring(at + 1)) >= 1 && id.substring(at + 1).matches("[1-9][0-9]*")) {
          return at;
        }
      } catch (NumberFormatException tooLong) {
        // refused below
      }
    }
    throw new InvalidInputException("node", "a model version's id is model@version (version >= 1), was " + id);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
