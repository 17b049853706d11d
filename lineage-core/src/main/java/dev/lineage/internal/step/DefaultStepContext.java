package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.Run;
import dev.lineage.internal.Names;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.step.StepContext;
import dev.lineage.step.StepOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The context a step body runs in; collects its outputs. */
final class DefaultStepContext implements StepContext {
  private final DefaultRun run;
  private final Path outputDir;
  private final StepSpec spec;
  private final ArtifactStore artifacts;
  private final Path inputCache;
  private final Map<String, StepOutput> outputs = new LinkedHashMap<>();

  DefaultStepContext(DefaultRun run, Path outputDir, StepSpec spec, ArtifactStore artifacts, Path inputCache) {
    this.run = run;
    this.outputDir = outputDir;
    this.spec = spec;
    this.artifacts = artifacts;
    this.inputCache = inputCache;
  }

  @Override
  public Path outputDir() {
    return outputDir;
  }

  @Override
  public Path input(String name) {
    for (StepSpec.DeclaredInput input : spec.inputs()) {
      if (input.name().equals(name)) {
        if (input.path() != null) {
          return input.path();
        }
        Artifact a = input.artifact();
        Path target = inputCache.resolve(a.digest().hex()).resolve("content");
        return Files.exists(target) ? target : artifacts.restore(a, target);
      }
    }
    throw new InvalidInputException("input name", "step '" + spec.name() + "' declared no input '" + name + "'");
  }

  @Override
  public Artifact produce(Path path, String name) {
    Names.checkName("output name", name);
    if (outputs.containsKey(name)) {
      throw new InvalidInputException("output name", "'" + name + "' was already produced by this step");
    }
    if (path == null || !Files.exists(path)) {
      throw new InvalidInputException("step output path", "does not exist: " + path);
    }
    Path real;
    try {
      real = path.toRealPath();
      if (real.equals(outputDir.toRealPath()) || !real.startsWith(outputDir.toRealPath())) {
        throw new InvalidInputException("step output path", "must be inside ctx.outputDir() (" + outputDir
            + "), was " + path);
      }
    } catch (IOException e) {
      throw new InvalidInputException("step output path", "cannot be resolved: " + path + " (" + e.getMessage() + ")");
    }
    Artifact artifact = run.produce(real, name);
    outputs.put(name, new StepOutput(artifact, real));
    return artifact;
  }

  @Override
  public Run run() {
    return run;
  }

  Map<String, StepOutput> outputs() {
    return outputs;
  }

  /** The output's path relative to the output directory, '/'-separated, as the cache entry records it. */
  String relativePath(Path output) {
    try {
      List<String> parts = new ArrayList<>();
      for (Path p : outputDir.toRealPath().relativize(output)) {
        parts.add(p.toString());
      }
      return String.join("/", parts);
    } catch (IOException e) {
      throw new dev.lineage.StorageException("cannot resolve " + outputDir, e);
    }
  }
}
