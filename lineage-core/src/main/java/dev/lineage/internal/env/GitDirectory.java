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
