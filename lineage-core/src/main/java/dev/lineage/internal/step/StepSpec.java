package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.ParamValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything a step declared, validated. */
record StepSpec(
    String name,
    Map<String, ParamValue> params,
    List<DeclaredInput> inputs,
    Map<String, String> env,
    String codeVersion,
    CodeScope code,
    boolean force) {

  /** An input: a local path, or a stored artifact with (for an earlier step's output) its local path. */
  record DeclaredInput(String name, Path path, Artifact artifact) {}
}
