package dev.lineage.internal.env;

import dev.lineage.Artifact;
import dev.lineage.LineageException;
import dev.lineage.internal.artifact.ArtifactStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
  /** A jar's coordinates, by path, size and modification time: a class path's jars are opened once per process. */
  private static final Map<String, Optional<String>> COORDINATES = new ConcurrentHashMap<>();

  private ClasspathScan() {}

  /** One entry: what it held, and whether it is to be stored. */
  public record Scanned(String given, Optional<Path> path, Optional<Artifact> content, Optional<String> coordinates,
      boolean storable) {}

  /** The entries of {@code classpath} ({@code java.class.path}), in order, relative ones against {@code workDir}. */
  public static List<Scanned> scan(String classpath, Path workDir, ArtifactStore artifacts) {
    Path base = workDir.toAbsolutePath().normalize();
    List<Scanned> entries = new ArrayList<>();
    for (String given : classpath.split(File.pathSeparator)) {
      if (!given.isEmpty()) {
        entries.add(entry(given, base, artifacts));
      }
    }
    return entries;
  }

  private static Scanned entry(String given, Path base, ArtifactStore artifacts) {
    Path path;
    try {
      path = base.resolve(given).normalize();
    } catch (InvalidPathException e) {
      return new Scanned(given, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
    if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
      return new Scanned(given, Optional.of(path), Optional.empty(), Optional.empty(), false);
    }
    Artifact content;
    try {
      content = artifacts.describe(path, path.getFileName() == null ? given : path.getFileName().toString());
    } catch (LineageException e) {
      return new Scanned(given, Optional.of(path), Optional.empty(), Optional.empty(), false); // unreadable
    }
    Optional<String> coordinates = Files.isRegularFile(path) && !path.startsWith(base)
        ? coordinates(path) : Optional.empty();
    boolean storable = coordinates.isEmpty() && content.size() <= dev.lineage.ClasspathEntry.MAX_STORED_BYTES;
    return new Scanned(given, Optional.of(path), Optional.of(content), coordinates, storable);
  }

  /**
   * A released library's coordinates, {@code group:artifact:version[:classifier]}, where the jar's place or its
   * own metadata says them: a Maven repository's layout (with the artifact's {@code .pom} beside it), Gradle's
   * module cache, or the jar's own {@code META-INF/maven/.../pom.properties} (the one whose artifact and version
   * its file name starts with: a shaded jar carries others). Never for a snapshot, which cannot be fetched again
   * as it was.
   */
  static Optional<String> coordinates(Path jar) {
    String key;
    try {
      key = jar + "\0" + Files.size(jar) + "\0" + Files.getLastModifiedTime(jar).toMillis();
    } catch (IOException e) {
      return Optional.empty();
    }
    return COORDINATES.computeIfAbsent(key, k -> {
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
