package dev.lineage.internal.step;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A step's code fingerprint (docs/step-cache.md): pinned to a version string, or the digest of the bytecode the
 * step can reach ({@link ReachableCode}) plus the files it names. Class files are read once per distinct content;
 * a step's walk once per JVM, since the classes a running JVM has loaded cannot change under it. Files are hashed
 * (through the local hash cache) every time.
 */
public final class CodeFingerprint {
  private final ArtifactStore artifacts;
  private final Cache<Digest, ClassFile> classFiles = Caffeine.newBuilder().executor(Runnable::run).maximumSize(200_000).build();
  private final Map<Path, Digest> jars = new ConcurrentHashMap<>();
  private final Map<Path, BundledLibraries> bundled = new ConcurrentHashMap<>();
  private final Map<List<Object>, Map<String, String>> walks = new ConcurrentHashMap<>();

  public CodeFingerprint(ArtifactStore artifacts) {
    this.artifacts = artifacts;
  }

  /** {@code pinned:<version>} if pinned, else {@code bytecode:sha256:<hex>} of the scope's manifest. */
  String of(String pinned, CodeScope scope) {
    if (pinned != null) {
      return "pinned:" + pinned;
    }
    return ReachableCode.fingerprint(parts(scope));
  }

  /** The manifest the fingerprint is the digest of: one line per class, method, jar and file. */
  String manifest(CodeScope scope) {
    return ReachableCode.manifest(parts(scope));
  }

  private Map<String, String> parts(CodeScope scope) {
    if (scope.isEmpty()) {
      throw new InvalidInputException("step code", "nothing to fingerprint: pin codeVersion(...) or name the "
          + "body's class with code(...)");
    }
    Map<String, String> parts = new TreeMap<>(walks.computeIfAbsent(
        List.of(scope.roots(), scope.packages(), scope.jars()), k -> walk(scope)));
    for (Path file : scope.files()) {
      parts.put("file " + file.getFileName(), artifacts.digestOf(file).toString());
    }
    return parts;
  }

  /** Drops what was learned of class files and walks, as a new JVM would start (benchmarks, tests). */
  void forget(boolean classFilesToo) {
    walks.clear();
    if (classFilesToo) {
      classFiles.invalidateAll();
    }
  }

  private Map<String, String> walk(CodeScope scope) {
    List<Class<?>> members = new ArrayList<>();
    scope.roots().forEach(r -> members.add(r.type()));
    members.addAll(scope.packages());
    Set<Path> ownJars = new HashSet<>();
    for (Class<?> type : members) {
      optionalLocation(type).filter(Files::isRegularFile).ifPresent(ownJars::add);
    }
    ClassLoader loader = members.isEmpty() ? null : members.get(0).getClassLoader();
    ReachableCode code = new ReachableCode(loader, ownJars,
        bytes -> classFiles.get(Sha256.of(bytes), d -> ClassFile.read(bytes)),
        jar -> jars.computeIfAbsent(jar, artifacts::digestOf),
        jar -> bundled.computeIfAbsent(jar, BundledLibraries::read));
    for (CodeScope.Root root : scope.roots()) {
      Class<?> type = root.type();
      while (type.isArray()) {
        type = type.getComponentType();
      }
      if (type.isPrimitive()) {
        continue;
      }
      String name = type.getName().replace('.', '/');
      if (root.method() == null) {
        code.addClass(name);
      } else {
        code.addMethod(name, root.method());
      }
    }
    for (Class<?> member : scope.packages()) {
      classesInPackageOf(member).forEach(code::addClass);
    }
    for (Class<?> member : scope.jars()) {
      code.addJar(location(member));
    }
    return Collections.unmodifiableMap(code.walk());
  }

  /** The internal names of the classes in {@code member}'s package, where {@code member} was loaded from. */
  static List<String> classesInPackageOf(Class<?> member) {
    Path location = location(member);
    String dir = member.getPackageName().replace('.', '/');
    List<String> names = new ArrayList<>();
    try {
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.list(location.resolve(dir))) {
          files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
              .forEach(f -> names.add((dir.isEmpty() ? "" : dir + "/") + f.substring(0, f.length() - 6)));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          jar.stream().map(JarEntry::getName)
              .filter(n -> n.endsWith(".class") && n.startsWith(dir.isEmpty() ? "" : dir + "/")
                  && n.indexOf('/', dir.isEmpty() ? 0 : dir.length() + 1) < 0)
              .forEach(n -> names.add(n.substring(0, n.length() - 6)));
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot list the package " + member.getPackageName() + " at " + location
          + " for a step's code fingerprint: " + e.getMessage(), e);
    }
    Collections.sort(names);
    return names;
  }

  private static java.util.Optional<Path> optionalLocation(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
    } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return java.util.Optional.empty();
    }
  }

  /** The jar or classes directory a class was loaded from; a JDK or generated class has none. */
  static Path location(Class<?> type) {
    Path path = optionalLocation(type).orElseThrow(() -> new InvalidInputException("step code",
        "cannot locate the jar or directory of " + type.getName() + " (a JDK or generated class?)"));
    if (!Files.exists(path)) {
      throw new InvalidInputException("step code", "the code of " + type.getName() + " was loaded from "
          + path + ", which no longer exists");
    }
    return path;
  }
}
