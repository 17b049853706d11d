package dev.lineage.test;

import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.RunId;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.registry.ModelVersion;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lineage rules as assertions: start here, with {@code import static dev.lineage.test.LineageAssertions.*}. Each
 * entry takes a fresh graph of the store, so a test sees what was written before it asked.
 *
 * @since 0.1.0
 */
public final class LineageAssertions {
  private LineageAssertions() {}

  /** The model version {@code alias} points to now (such as {@code production}); fails if it points nowhere. */
  public static NodeAssert assertThatModel(Lineage lineage, String model, String alias) {
    Optional<ModelVersion> v = lineage.registry().alias(model, alias);
    if (v.isEmpty()) {
      throw new AssertionError("Expected " + model + ":" + alias + " to point to a version, but it points nowhere"
          + (lineage.registry().models().contains(model) ? "" : " (the store has no model '" + model + "')"));
    }
    return version(lineage.graph(), v.get(), model + ":" + alias + " (" + model + "@" + v.get().version() + ", "
        + v.get().artifact().digest() + ")");
  }

  /** One model version. */
  public static NodeAssert assertThatModelVersion(Lineage lineage, String model, int version) {
    ModelVersion v;
    try {
      v = lineage.registry().version(model, version);
    } catch (NotFoundException e) {
      throw new AssertionError("Expected " + model + "@" + version + " to exist, but " + e.getMessage());
    }
    return version(lineage.graph(), v, model + "@" + version + " (" + v.artifact().digest() + ")");
  }

  private static NodeAssert version(LineageGraph graph, ModelVersion v, String subject) {
    return new NodeAssert(graph, Node.modelVersion(v.model(), v.version()), "model " + subject, v.run(),
        Integer.MAX_VALUE);
  }

  /** One run. */
  public static NodeAssert assertThatRun(Lineage lineage, RunId run) {
    LineageGraph graph = lineage.graph();
    try {
      graph.run(run);
    } catch (NotFoundException e) {
      throw new AssertionError("Expected run " + run + " to exist, but " + e.getMessage());
    }
    return new NodeAssert(graph, Node.run(run), "run " + run, Optional.empty(), Integer.MAX_VALUE);
  }

  /** One artifact, by digest. */
  public static NodeAssert assertThatArtifact(Lineage lineage, Digest digest) {
    LineageGraph graph = lineage.graph();
    if (graph.producers(digest).isEmpty() && graph.consumers(digest).isEmpty()) {
      throw new AssertionError("Expected artifact " + digest + " to be in the lineage, but no run used or "
          + "produced it");
    }
    return new NodeAssert(graph, Node.artifact(digest), "artifact " + digest, Optional.empty(), Integer.MAX_VALUE);
  }

  /** The artifact whose content is this file's. */
  public static NodeAssert assertThatArtifact(Lineage lineage, Path file) {
    return assertThatArtifact(lineage, ArtifactMatcher.digestOf(file));
  }

  /** Rules over every version an alias has ever pointed to. */
  public static AliasAssert assertThatAlias(Lineage lineage, String model, String alias) {
    return new AliasAssert(lineage, model, alias);
  }

  /** Rules over the store itself. */
  public static StoreAssert assertThatStore(Lineage lineage) {
    return new StoreAssert(lineage);
  }
}
