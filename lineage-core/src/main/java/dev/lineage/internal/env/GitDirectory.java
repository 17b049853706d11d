package dev.lineage.internal.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads HEAD's commit from a {@code .git} directory without a git executable (loose and packed refs). */
final class GitDirectory {
  private GitDirectory() {}

  static Optional<String> headCommit(Path workDir) {
    for (Path dir = workDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path git = dir.resolve(".git");
      if (Files.isDirectory(git)) {
        return resolveHead(git);
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code origin} remote's URL from {@code .git/config}: an empty string where there is none, and empty where
   * there is no plain {@code .git} directory to read (a worktree's {@code .git} file), for git to say. Includes are
   * not followed.
   */
  static Optional<String> originUrl(Path workDir) {
    for (Path dir = workDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path git = dir.resolve(".git");
      if (Files.isDirectory(git)) {
        return Optional.of(originUrlIn(git.resolve("config")));
      } else if (Files.exists(git)) {
        return Optional.empty();
      }
    }
    return Optional.of("");
  }

  private static String originUrlIn(Path config) {
    try {
      boolean inOrigin = false;
      for (String line : Files.readAllLines(config, StandardCharsets.UTF_8)) {
        String t = line.trim();
        if (t.startsWith("[")) {
          inOrigin = t.replace(" ", "").equals("[remote\"origin\"]");
        } else if (inOrigin && t.startsWith("url") && t.substring(3).trim().startsWith("=")) {
          return t.substring(t.indexOf('=') + 1).trim();
        }
      }
    } catch (IOException e) {
      // no config, or unreadable: no remote known
    }
    return "";
  }

  private static Optional<String> resolveHead(Path git) {
    try {
      String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
      if (!head.startsWith("ref: ")) {
        return commit(head);
      }
      String ref = head.substring(5).trim();
      if (ref.contains("..")) {
        return Optional.empty();
      }
      Path loose = git.resolve(ref);
      if (Files.isRegularFile(loose)) {
        return commit(Files.readString(loose, StandardCharsets.UTF_8).trim());
      }
      Path packed = git.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
          String[] parts = line.trim().split(" ");
          if (parts.length == 2 && parts[1].equals(ref)) {
            return commit(parts[0]);
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> commit(String s) {
    return s.matches("[0-9a-f]{40,64}") ? Optional.of(s) : Optional.empty();
  }
}
