package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
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
 * A write the file system refuses (a store folder the process may read but not write) certainly did not land: it is
 * a {@link dev.lineage.WriteRefusedException}, a {@code StorageException} that says so, given at once, never an
 * {@code UnknownOutcomeException} ("may or may not have landed") after a round of retries. The worker runs as a
 * user who is not root ({@code nobody}, through {@code setpriv}, when the tests run as root, as on CI), since root's
 * writes are refused by nothing.
 */
class RefusedWriteTest {
  @TempDir Path tmp;

  @Test
  void aWriteToAFolderThatRefusesItIsAStorageExceptionSayingItDidNotLand() throws Exception {
    Path store = tmp.resolve("store");
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(tmp.resolve("cache"))
        .systemMetrics(false).build()) {
      lineage.run("written", run -> run.logParam("lr", 0.01));
    }
    Path work = Files.createDirectories(tmp.resolve("work"));
    List<String> cmd = new ArrayList<>();
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(tmp, "unix:uid"));
    String classpath = System.getProperty("java.class.path");
    try (Stream<Path> all = Files.walk(store)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x"
            : "r--r--r--"));
      }
    }
    if (root) {
      Path setpriv = Path.of("/usr/bin/setpriv");
      assertTrue(Files.isExecutable(setpriv), "setpriv (util-linux) runs the worker as a user that is not root");
      classpath = LinkedHitTest.readableCopy(classpath, tmp.resolve("classpath"));
      for (Path p : List.of(tmp, work)) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      cmd.addAll(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        "-Djava.io.tmpdir=" + work, "-Duser.home=" + work, RefusedWriteWorker.class.getName(), store.toString(),
        work.resolve("cache").toString()));
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    try (Stream<Path> all = Files.walk(store)) {
      for (Path f : all.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x"
            : "rw-r--r--"));
      }
    }
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("runs 1"), "reading still works: " + out);
    assertTrue(out.contains("caught as StorageException: WriteRefusedException"), out);
    assertTrue(out.contains("did not land"), out);
  }
}
