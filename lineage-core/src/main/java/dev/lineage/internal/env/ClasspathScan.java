package dev.lineage.internal.env;

import dev.lineage.Artifact;
import dev.lineage.LineageException;
import dev.lineage.internal.artifact.ArtifactStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path by content: each entry hashed (through the hash cache, so an unchanged class path is a stat per
 * file) and sorted into a library, known by Maven coordinates and fetched again, or the user's own code, which is
 * stored (docs/reproduce.md says the rule).
 */
public final class ClasspathScan {
  /** A jar's coordinates, by path and digest: a class path's jars are read once per process. */
  private static final Map<String, Optional<String>> COORDINATES = new ConcurrentHashMap<>();

  /** A file name that can start with {@code artifact-version}: a dash, then a digit. */
  private static final java.util.regex.Pattern VERSIONED = java.util.regex.Pattern.compile("-\\d");

  private ClasspathScan() {}

  /** One entry: what it held, and whether it is to be stored. */
  public record Scanned(String given, Optional<Path> path, Optional<Artifact> content, Optional<String> coordinates,
      boolean storable, boolean fromLoader) {
    Scanned loaded() {
      return new Scanned(given, path, content, coordinates, storable, true);
    }
  }

  /**
   * The entries of {@code classpath} ({@code java.class.path}), in order, relative ones against {@code workDir}; after
   * each jar of the user's own, the entries its manifest's {@code Class-Path} adds, as the JVM adds them (a build's
   * {@code java -jar app.jar} with {@code lib/} beside it, surefire's booter jar).
   */
  public static List<Scanned> scan(String classpath, Path workDir, ArtifactStore artifacts) {
    return scan(classpath, List.of(), workDir, artifacts);
  }

  /**
   * Like {@link #scan(String, Path, ArtifactStore)}, then {@code loaded}: the entries of the class loaders a launcher
   * ran the program in ({@link #loaderEntries}), each once, marked as such.
   */
  public static List<Scanned> scan(String classpath, List<String> loaded, Path workDir, ArtifactStore artifacts) {
    Path base = workDir.toAbsolutePath().normalize();
    List<Scanned> entries = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Deque<String> pending = new java.util.ArrayDeque<>();
    java.util.Set<String> fromLoader = new java.util.HashSet<>(loaded);
    for (String given : classpath.split(File.pathSeparator)) {
      if (!given.isEmpty()) {
        pending.add(given);
      }
    }
    pending.addAll(loaded);
    while (!pending.isEmpty()) {
      String given = pending.poll();
      Scanned s = entry(given, base, artifacts);
      if (!seen.add(s.path().map(Path::toString).orElse(given))) {
        continue;
      }
      if (fromLoader.contains(given)) {
        s = s.loaded();
      }
      entries.add(s);
      if (s.storable() && s.content().map(c -> c.kind() == dev.lineage.ArtifactKind.FILE).orElse(false)) {
        List<String> added = manifestClassPath(s.path().orElseThrow());
        for (int i = added.size() - 1; i >= 0; i--) {
          pending.addFirst(added.get(i));
        }
      }
    }
    return entries;
  }

  /**
   * The file entries of the class loaders from {@code loader} up to the system class loader, parent's first (the
   * order the JVM searches them): where {@code mvn exec:java} or a plugin host put the program's code. Empty for a
   * program the system class loader loaded.
   */
  public static List<String> loaderEntries(ClassLoader loader) {
    ClassLoader system = ClassLoader.getSystemClassLoader();
    List<List<String>> levels = new ArrayList<>();
    for (ClassLoader l = loader; l != null && l != system && l != system.getParent(); l = l.getParent()) {
      List<String> level = new ArrayList<>();
      if (l instanceof java.net.URLClassLoader u) {
        for (java.net.URL url : u.getURLs()) {
          try {
            if ("file".equals(url.getProtocol())) {
              level.add(Path.of(url.toURI()).toString());
            }
          } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // a URL the JVM could not read from a file either
          }
        }
      }
      levels.add(level);
    }
    List<String> entries = new ArrayList<>();
    for (int i = levels.size() - 1; i >= 0; i--) {
      entries.addAll(levels.get(i));
    }
    return entries;
  }

  /** The paths a jar's manifest {@code Class-Path} names (relative URLs against its folder); empty if none. */
  static List<String> manifestClassPath(Path jar) {
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile(), false)) {
      java.util.jar.Manifest manifest = file.getManifest();
      String value = manifest == null ? null
          : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
      if (value == null || value.isBlank()) {
        return List.of();
      }
      List<String> paths = new ArrayList<>();
      java.net.URI folder = jar.toAbsolutePath().getParent().toUri();
      for (String url : value.trim().split("\\s+")) {
        try {
          java.net.URI resolved = folder.resolve(url);
          if ("file".equals(resolved.getScheme())) {
            paths.add(Path.of(resolved).toString());
          }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
          // the JVM skips what it cannot read as a URL too
        }
      }
      return paths;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static Scanned entry(String given, Path base, ArtifactStore artifacts) {
    Path path;
    try {
      path = base.resolve(given).normalize();
    } catch (InvalidPathException e) {
      return new Scanned(given, Optional.empty(), Optional.empty(), Optional.empty(), false, false);
    }
    Artifact content;
    try {
      content = artifacts.describe(path, path.getFileName() == null ? given : path.getFileName().toString());
    } catch (LineageException e) {
      return new Scanned(given, Optional.of(path), Optional.empty(), Optional.empty(), false, false); // not there
    }
    Optional<String> coordinates = content.kind() == dev.lineage.ArtifactKind.FILE && !path.startsWith(base)
        ? coordinates(path, content.digest()) : Optional.empty();
    boolean storable = coordinates.isEmpty() && content.size() <= dev.lineage.ClasspathEntry.MAX_STORED_BYTES;
    return new Scanned(given, Optional.of(path), Optional.of(content), coordinates, storable, false);
  }

  /**
   * A released library's coordinates, {@code group:artifact:version[:classifier]}, where the jar's place or its
   * own metadata says them: a Maven repository's layout (with the artifact's {@code .pom} beside it), Gradle's
   * module cache, or the jar's own {@code META-INF/maven/.../pom.properties} (the one whose artifact and version
   * its file name starts with: a shaded jar carries others). Never for a snapshot, which cannot be fetched again
   * as it was. Remembered by path and content for the life of the process.
   */
  static Optional<String> coordinates(Path jar, dev.lineage.Digest content) {
    return COORDINATES.computeIfAbsent(jar + "\0" + content, k -> {
      try {
        return MavenLayout.coordinates(jar).or(() -> read(jar));
      } catch (RuntimeException unexpected) {
        return Optional.empty(); // a place or a jar we cannot read as a library's: stored as the user's own
      }
    });
  }

  private static Optional<String> read(Path jar) {
    String file = jar.getFileName().toString();
    if (!file.endsWith(".jar")) {
      return Optional.empty();
    }
    String stem = file.substring(0, file.length() - ".jar".length());
    if (!VERSIONED.matcher(stem).find()) {
      return Optional.empty(); // no artifact-version name to match: not read (a shaded jar has thousands of entries)
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.properties")) {
          continue;
        }
        Properties p = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
          p.load(in);
        }
        Optional<String> matched = matching(stem, p.getProperty("groupId"), p.getProperty("artifactId"),
            p.getProperty("version"));
        if (matched.isPresent()) {
          return matched;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a readable zip: the user's own bytes, stored
    }
    return Optional.empty();
  }

  static Optional<String> matching(String stem, String group, String artifact, String version) {
    if (group == null || artifact == null || version == null || group.isBlank() || version.endsWith("-SNAPSHOT")
        || group.contains(":") || artifact.contains(":") || version.contains(":")) {
      return Optional.empty();
    }
    String prefix = artifact + "-" + version;
    if (stem.equals(prefix)) {
      return Optional.of(group + ":" + artifact + ":" + version);
    }
    if (stem.startsWith(prefix + "-") && stem.length() > prefix.length() + 1) {
      String classifier = stem.substring(prefix.length() + 1);
      return classifier.matches("[A-Za-z0-9_.-]+") ? Optional.of(group + ":" + artifact + ":" + version + ":"
          + classifier) : Optional.empty();
    }
    return Optional.empty();
  }
}
