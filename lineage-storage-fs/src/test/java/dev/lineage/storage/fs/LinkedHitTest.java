package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step hit restored as a hard link to the filesystem store's blob, in the setting it is made for: a JVM of a
 * user who is not root (run as {@code nobody} through {@code setpriv} when the tests run as root, as on CI). The
 * link shares the blob's inode, and a write through it is refused, so the stored blob keeps its bytes.
 */
class LinkedHitTest {
  @TempDir Path tmp;

  @Test
  void aHitOfANonRootUserIsALinkThatRefusesWrites() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("shared"));
    List<String> cmd = new ArrayList<>();
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(tmp, "unix:uid"));
    String classpath = System.getProperty("java.class.path");
    if (root) {
      Path setpriv = Path.of("/usr/bin/setpriv");
      assertTrue(Files.isExecutable(setpriv), "setpriv (util-linux) runs the worker as a user that is not root");
      classpath = readableCopy(classpath, tmp.resolve("classpath"));
      for (Path p : List.of(tmp, work)) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      cmd.addAll(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        "-Djava.io.tmpdir=" + work, "-Duser.home=" + work, LinkedHitWorker.class.getName(), work.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(!out.contains("uid 0\n"), "the worker is not root: " + out);
    assertTrue(out.contains("linked true"), "the hit is a hard link to the blob: " + out);
    assertTrue(out.contains("write refused"), out);
    assertTrue(out.contains("blob holds weights"), out);
  }

  /** The classpath's jars and directories copied where any user may read them (root's home is not such a place). */
  static String readableCopy(String classpath, Path into) throws IOException {
    List<String> copied = new ArrayList<>();
    int n = 0;
    for (String entry : classpath.split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = into.resolve((n++) + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        TestFiles.copyTree(from, to);
      } else {
        Files.createDirectories(into);
        Files.copy(from, to);
      }
      copied.add(to.toString());
    }
    try (Stream<Path> all = Files.walk(into)) {
      for (Path f : all.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, copied);
  }
}
