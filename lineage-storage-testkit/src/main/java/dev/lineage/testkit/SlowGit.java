package dev.lineage.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A {@code git} that hangs, as one does on a slow network filesystem or a huge repository: put its directory first
 * on a worker JVM's PATH ({@link JvmProcesses#start(String, Map, Path, String...)}) to check that nothing in
 * Lineage waits for it past its deadline.
 *
 * @since 0.1.0
 */
public final class SlowGit {
  private SlowGit() {}

  /** Writes the script into {@code bin} and returns the environment that puts it first on PATH. */
  public static Map<String, String> onPath(Path bin, int seconds) throws IOException {
    Files.createDirectories(bin);
    Path git = Files.writeString(bin.resolve("git"), "#!/bin/sh\nsleep " + seconds + "\n");
    Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of("PATH", bin + ":" + System.getenv("PATH"));
  }
}
