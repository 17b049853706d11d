package dev.lineage.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintCaptureTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  @TempDir Path dir;

  @Test
  void secretLookingVariablesAreNeverStoredEvenIfAllowListed() {
    Map<String, String> env = Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t", "GITHUB_TOKEN", "t0k3n", "DB_PASSWORD", "pw",
        "SPARK_CREDENTIALS", "c", "MY_API_KEY", "k", "CUDA_VERSION", "12.4", "LANG", "C.UTF-8");
    Fingerprint f = FingerprintCapture.capture(env.keySet(), env, dir, "no-such-git-executable", true);
    assertEquals(Map.of("CUDA_VERSION", "12.4", "LANG", "C.UTF-8"), f.environment());
    assertFalse(f.toString().contains("s3cr3t"));
  }

  @Test
  void withoutAGitExecutableTheCommitIsReadFromDotGitAndDirtyIsUnknown() throws IOException {
    Path git = Files.createDirectories(dir.resolve(".git/refs/heads"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(git.resolve("main"), COMMIT + "\n");
    Path work = Files.createDirectories(dir.resolve("module/src"));
    Fingerprint f = FingerprintCapture.capture(Set.of(), Map.of(), work, "no-such-git-executable", true);
    assertEquals(Optional.of(COMMIT), f.gitCommit());
    assertEquals(GitState.UNKNOWN, f.gitState(), "never reported clean without asking git");
  }

  @Test
  void packedRefsAreRead() throws IOException {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/release\n");
    Files.writeString(dir.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + COMMIT + " refs/heads/release\n");
    assertEquals(Optional.of(COMMIT), GitDirectory.headCommit(dir));
  }

  @Test
  void noRepositoryMeansNoCommitAndUnknownState() {
    Fingerprint f = FingerprintCapture.capture(Set.of(), Map.of(), dir, "no-such-git-executable", true);
    assertTrue(f.gitCommit().isEmpty() || f.gitState() == GitState.UNKNOWN);
    assertEquals(GitState.UNKNOWN, f.gitState());
  }

  @Test
  void theRealGitReportsDirtyState() throws Exception {
    if (!gitAvailable()) {
      return; // covered by the tests above on machines without git
    }
    run(dir, "git", "init", "-q");
    run(dir, "git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "x");
    Files.writeString(dir.resolve("tracked.txt"), "v1");
    run(dir, "git", "add", "tracked.txt");
    run(dir, "git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "y");
    assertEquals(GitState.CLEAN, FingerprintCapture.capture(Set.of(), Map.of(), dir, true).gitState());
    Files.writeString(dir.resolve("tracked.txt"), "v2");
    Fingerprint dirty = FingerprintCapture.capture(Set.of(), Map.of(), dir, true);
    assertEquals(GitState.DIRTY, dirty.gitState());
    assertTrue(dirty.gitCommit().isPresent());
  }

  @Test
  void theCurrentDirectoryGivenAsAnEmptyPathWorks() {
    if (!gitAvailable()) {
      return;
    }
    Fingerprint f = FingerprintCapture.capture(Set.of(), Map.of(), Path.of(""), true);
    if (f.gitCommit().isPresent()) {
      assertNotEquals(GitState.UNKNOWN, f.gitState(), "git answered for the working directory");
    }
  }

  @Test
  void classpathDigestChangesWhenAJarChanges() throws IOException {
    Path jar = Files.writeString(dir.resolve("lib.jar"), "v1");
    String before = FingerprintCapture.classpathDigest(jar.toString());
    Files.writeString(jar, "v2 longer");
    assertNotEquals(before, FingerprintCapture.classpathDigest(jar.toString()));
  }

  private static boolean gitAvailable() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), String.join(" ", command));
  }
}
