package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.internal.Names;
import dev.lineage.step.Step;
import dev.lineage.step.StepBody;
import dev.lineage.step.StepCacheEntry;
import dev.lineage.step.StepOutput;
import dev.lineage.step.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The builder behind {@link Step}; every setter validates at once. */
public final class DefaultStep implements Step {
  private final StepEngine engine;
  private final String name;
  private final Map<String, ParamValue> params = new LinkedHashMap<>();
  private final List<StepSpec.DeclaredInput> inputs = new ArrayList<>();
  private final Set<String> inputNames = new java.util.HashSet<>();
  private final Map<String, String> env = new TreeMap<>();
  private final List<CodeScope.Root> codeRoots = new ArrayList<>();
  private final Set<Class<?>> codePackages = new LinkedHashSet<>();
  private final Set<Class<?>> codeJars = new LinkedHashSet<>();
  private final Set<Path> codeFiles = new LinkedHashSet<>();
  private String codeVersion;
  private boolean force;

  public DefaultStep(StepEngine engine, String name) {
    this.engine = engine;
    this.name = Names.checkName("step name", name);
  }

  @Override
  public Step param(String key, String value) {
    return param(key, ParamValue.of(value));
  }

  @Override
  public Step param(String key, long value) {
    return param(key, ParamValue.of(value));
  }

  @Override
  public Step param(String key, double value) {
    return param(key, ParamValue.of(value));
  }

  @Override
  public Step param(String key, boolean value) {
    return param(key, ParamValue.of(value));
  }

  private Step param(String key, ParamValue value) {
    Names.checkName("param key", key);
    ParamValue existing = params.putIfAbsent(key, value);
    if (existing != null && !existing.equals(value)) {
      params.put(key, existing);
      throw new InvalidInputException("param '" + key + "'", "already declared as " + existing.type() + " "
          + existing.text());
    }
    return this;
  }

  @Override
  public Step input(String inputName, Path path) {
    if (path == null || !Files.exists(path)) {
      throw new InvalidInputException("input path", "does not exist: " + path);
    }
    return addInput(new StepSpec.DeclaredInput(inputName, path, null));
  }

  @Override
  public Step input(String inputName, StepOutput output) {
    if (output == null) {
      throw new InvalidInputException("input", "must not be null");
    }
    return addInput(new StepSpec.DeclaredInput(inputName, output.path(), output.artifact()));
  }

  @Override
  public Step input(String inputName, Artifact artifact) {
    if (artifact == null) {
      throw new InvalidInputException("input", "must not be null");
    }
    return addInput(new StepSpec.DeclaredInput(inputName, null, artifact));
  }

  private Step addInput(StepSpec.DeclaredInput input) {
    Names.checkName("input name", input.name());
    if (!inputNames.add(input.name())) {
      throw new InvalidInputException("input name", "'" + input.name() + "' is declared twice");
    }
    inputs.add(input);
    return this;
  }

  @Override
  public Step env(String key, String value) {
    Names.checkName("env key", key);
    Names.checkText("env value", value, ParamValue.MAX_STRING_BYTES);
    String existing = env.putIfAbsent(key, value);
    if (existing != null && !existing.equals(value)) {
      throw new InvalidInputException("env '" + key + "'", "already declared as '" + existing + "'");
    }
    return this;
  }

  @Override
  public Step codeVersion(String version) {
    if (version == null || version.isBlank()) {
      throw new InvalidInputException("code version", "must not be blank");
    }
    Names.checkText("code version", version, Names.MAX_NAME_BYTES);
    if (codeVersion != null && !codeVersion.equals(version)) {
      throw new InvalidInputException("code version", "already pinned to '" + codeVersion + "'");
    }
    codeVersion = version;
    return this;
  }

  @Override
  public Step code(Class<?> type) {
    if (type == null) {
      throw new InvalidInputException("code class", "must not be null");
    }
    CodeScope.Root root = new CodeScope.Root(type, null);
    if (!codeRoots.contains(root)) {
      codeRoots.add(root);
    }
    return this;
  }

  @Override
  public Step codePackage(Class<?> member) {
    if (member == null) {
      throw new InvalidInputException("code package", "must not be null");
    }
    CodeFingerprint.location(member); // fails now, not at run, if it cannot be located
    codePackages.add(member);
    return this;
  }

  @Override
  public Step codeJar(Class<?> member) {
    if (member == null) {
      throw new InvalidInputException("code jar", "must not be null");
    }
    CodeFingerprint.location(member);
    codeJars.add(member);
    return this;
  }

  @Override
  public Step codeFile(Path file) {
    if (file == null || !Files.exists(file)) {
      throw new InvalidInputException("code file", "does not exist: " + file);
    }
    codeFiles.add(file);
    return this;
  }

  @Override
  public Step forceRecompute() {
    force = true;
    return this;
  }

  @Override
  public Optional<StepCacheEntry> lookup() {
    if (codeVersion == null && codeRoots.isEmpty() && codePackages.isEmpty() && codeJars.isEmpty()) {
      throw new InvalidInputException("step code", "lookup() has no body to fingerprint: pin codeVersion(...) or "
          + "name the body's class with code(...)");
    }
    return engine.lookup(spec(List.of()));
  }

  @Override
  public <E extends Exception> StepResult run(StepBody<E> body) throws E {
    if (body == null) {
      throw new InvalidInputException("body", "must not be null");
    }
    return engine.run(spec(codeVersion == null ? CodeScope.rootsOf(body) : List.of()), body);
  }

  private StepSpec spec(List<CodeScope.Root> bodyRoots) {
    List<CodeScope.Root> roots = new ArrayList<>(bodyRoots);
    codeRoots.stream().filter(r -> !roots.contains(r)).forEach(roots::add);
    return new StepSpec(name, Map.copyOf(params), List.copyOf(inputs), Map.copyOf(env), codeVersion,
        new CodeScope(roots, codePackages, codeJars, codeFiles), force);
  }
}
