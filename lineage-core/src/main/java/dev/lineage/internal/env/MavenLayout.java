package dev.lineage.internal.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jar's coordinates read from where it lies: the local Maven repository ({@code <group as path>/<artifact>/
 * <version>/<artifact>-<version>[-<classifier>].jar}), another one in its layout (its {@code .pom} beside it saying
 * where the group begins), or Gradle's module cache
 * ({@code files-2.1/<group>/<artifact>/<version>/<sha1>/<file>}). Most released jars built by Gradle or sbt carry
 * no {@code pom.properties}, so their place is what says they can be fetched again.
 */
public final class MavenLayout {
  private static final Pattern GROUP = Pattern.compile("<groupId>\\s*([^<\\s]+)\\s*</groupId>");
  private static final Pattern PARENT = Pattern.compile("<parent>(.*?)</parent>", Pattern.DOTALL);
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  /** Where a POM's own coordinates have ended: what follows names other artifacts' groups. */
  private static final Pattern BODY = Pattern.compile(
      "<(dependencies|dependencyManagement|build|profiles|reporting|repositories|distributionManagement)>");

  private MavenLayout() {}

  static Optional<String> coordinates(Path jar) {
    return coordinates(jar, localRepositories());
  }

  /** {@code -Dmaven.repo.local} where a build set it, and {@code ~/.m2/repository}. */
  public static List<Path> localRepositories() {
    List<Path> roots = new ArrayList<>();
    String property = System.getProperty("maven.repo.local");
    if (property != null && !property.isBlank()) {
      roots.add(Path.of(property).toAbsolutePath().normalize());
    }
    roots.add(Path.of(System.getProperty("user.home", "/"), ".m2", "repository").toAbsolutePath().normalize());
    return roots;
  }

  static Optional<String> coordinates(Path jar, List<Path> repositories) {
    Path versionDir = jar.getParent();
    Path artifactDir = versionDir == null ? null : versionDir.getParent();
    if (artifactDir == null || artifactDir.getParent() == null) {
      return Optional.empty();
    }
    for (Path root : repositories) {
      if (jar.startsWith(root)) {
        // The layout says the group, no file need be read: what is left to learn is whether it was downloaded.
        Path groupDir = artifactDir.getParent();
        if (!groupDir.startsWith(root) || groupDir.equals(root) || !downloaded(jar)) {
          return Optional.empty();
        }
        Path group = root.relativize(groupDir);
        return group.toString().isEmpty() ? Optional.empty()
            : ClasspathScan.matching(stem(jar), group.toString().replace(group.getFileSystem().getSeparator(), "."),
                artifactDir.getFileName().toString(), versionDir.getFileName().toString());
      }
    }
    return maven(jar, versionDir, artifactDir).or(() -> gradle(jar));
  }

  /**
   * Whether Maven fetched the jar from a remote repository, by the {@code _remote.repositories} it keeps beside it:
   * a jar {@code mvn install} put there (the user's own release) names no repository, and is stored instead. Without
   * the file (another tool filled the repository), the layout is taken at its word.
   */
  static boolean downloaded(Path jar) {
    Path remotes = jar.resolveSibling("_remote.repositories");
    if (!Files.isRegularFile(remotes)) {
      return true;
    }
    String prefix = jar.getFileName() + ">";
    try {
      for (String line : Files.readAllLines(remotes, StandardCharsets.UTF_8)) {
        if (line.startsWith(prefix)) {
          int equals = line.indexOf('=', prefix.length());
          return equals > prefix.length();
        }
      }
    } catch (IOException | RuntimeException e) {
      return true;
    }
    return false;
  }

  private static Optional<String> maven(Path jar, Path versionDir, Path artifactDir) {
    String artifact = artifactDir.getFileName().toString();
    String version = versionDir.getFileName().toString();
    Path pom = versionDir.resolve(artifact + "-" + version + ".pom");
    if (!Files.isRegularFile(pom)) {
      return Optional.empty();
    }
    Optional<String> group = groupOf(pom);
    if (group.isEmpty() || !artifactDir.getParent().endsWith(Path.of("", group.get().split("\\.")))
        || !downloaded(jar)) {
      return Optional.empty();
    }
    return ClasspathScan.matching(stem(jar), group.get(), artifact, version);
  }

  private static Optional<String> gradle(Path jar) {
    Path hashDir = jar.getParent();
    Path versionDir = hashDir.getParent();
    Path artifactDir = versionDir == null ? null : versionDir.getParent();
    Path groupDir = artifactDir == null ? null : artifactDir.getParent();
    Path cacheDir = groupDir == null ? null : groupDir.getParent();
    if (cacheDir == null || cacheDir.getFileName() == null
        || !cacheDir.getFileName().toString().startsWith("files-2.")
        || !hashDir.getFileName().toString().matches("[0-9a-f]{30,40}")) {
      return Optional.empty();
    }
    return ClasspathScan.matching(stem(jar), groupDir.getFileName().toString(),
        artifactDir.getFileName().toString(), versionDir.getFileName().toString());
  }

  /** The POM's own group: its {@code groupId}, else its parent's (which it inherits). */
  static Optional<String> groupOf(Path pom) {
    String text;
    try {
      text = Files.readString(pom, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    text = COMMENT.matcher(text).replaceAll("");
    Matcher parent = PARENT.matcher(text);
    Optional<String> inherited = Optional.empty();
    if (parent.find()) {
      Matcher g = GROUP.matcher(parent.group(1));
      inherited = g.find() ? Optional.of(g.group(1)) : Optional.empty();
      text = text.substring(0, parent.start()) + text.substring(parent.end());
    }
    Matcher body = BODY.matcher(text);
    Matcher own = GROUP.matcher(body.find() ? text.substring(0, body.start()) : text);
    return own.find() ? Optional.of(own.group(1)) : inherited;
  }

  private static String stem(Path jar) {
    String file = jar.getFileName().toString();
    return file.endsWith(".jar") ? file.substring(0, file.length() - ".jar".length()) : file;
  }
}
