package dev.lineage.internal.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a fake {@code nvidia-smi} script into its own directory and returns that directory, for PATH. */
final class FakeNvidiaSmi {
  /** Recorded from an H100 and an A10G with the probe's exact query. */
  static final String H100 = "0, GPU-1c0e9a7e-3f0a-2b11-9a0c-5e2d7c1f8b3a, 100, 72011, 81559, 698.12, 71";
  static final String A10G = "1, GPU-8d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6, 3, 512, 23028, 58.40, 36";

  private FakeNvidiaSmi() {}

  static String install(Path root, String name, String script) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Path exe = dir.resolve("nvidia-smi");
    Files.writeString(exe, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir.toString();
  }

  static String printing(Path root, String name, String... lines) throws IOException {
    StringBuilder script = new StringBuilder();
    for (String line : lines) {
      script.append("echo '").append(line.replace("'", "'\\''")).append("'\n");
    }
    return install(root, name, script.toString());
  }
}
