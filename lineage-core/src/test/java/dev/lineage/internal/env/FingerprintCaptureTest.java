package dev.lineage.internal.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import dev.lineage.SourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Fingerprint f = FingerprintCapture.capture(env.keySet(), env, dir, "no-such-git-executable", true).fingerprint();
    assertEquals(Map.of("CUDA_VERSION", "12.4", "LANG", "C.UTF-8"), f.environment());
    assertFalse(f.toString().contains("s3cr3t"));
  }

  @Test
  void withoutAGitExecutableTheCommitIsReadFromDotGitAndDirtyIsUnknown() throws IOException {
    Path git = Files.createDirectories(dir.resolve(".git/refs/heads"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(git.resolve("main"), COMMIT + "\n");
    Path work = Files.createDirectories(dir.resolve("module/src"));
    Fingerprint f = FingerprintCapture.capture(Set.of(), Map.of(), work, "no-such-git-executable", true).fingerprint();
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
    Fingerprint f = FingerprintCapture.capture(Set.of(), Map.of(), dir, "no-such-git-executable", true).fingerprint();
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
    assertEquals(GitState.CLEAN, FingerprintCapture.capture(Set.of(), Map.of(), dir, true).fingerprint().gitState());
    Files.writeString(dir.resolve("tracked.txt"), "v2");
    Fingerprint dirty = FingerprintCapture.capture(Set.of(), Map.of(), dir, true).fingerprint();
    assertEquals(GitState.DIRTY, dirty.gitState());
    assertTrue(dirty.gitCommit().isPresent());
  }

  @Test
  void oneGitStatusSaysTheCommitTrackedChangesAndUntrackedPaths() {
    String oid = "# branch.oid " + COMMIT;
    FingerprintCapture.Status clean = FingerprintCapture.parseStatus(oid + "\0# branch.head main\0? notes.txt\0"
        + "? data/\0");
    assertEquals(Optional.of(COMMIT), clean.commit());
    assertFalse(clean.dirty(), "untracked files do not make a tree dirty");
    assertEquals(List.of("notes.txt", "data/"), clean.untracked());
    // A rename carries its original path as a field of its own, which is not an untracked "? " entry.
    FingerprintCapture.Status renamed = FingerprintCapture.parseStatus(oid + "\0"
        + "2 R. N... 100644 100644 100644 abc abc R100 new.txt\0? odd\0");
    assertTrue(renamed.dirty());
    assertEquals(List.of(), renamed.untracked());
    assertTrue(FingerprintCapture.parseStatus(oid + "\0u UU N... 1 2 3 4 a b c f.txt\0").dirty(), "unmerged");
    assertTrue(FingerprintCapture.parseStatus(oid + "\0" + "1 .M N... 100644 100644 100644 a b f.txt\0").dirty());
    assertEquals(Optional.empty(), FingerprintCapture.parseStatus("# branch.oid (initial)\0").commit(),
        "no commit yet");
  }

  @Test
  void aDirtyTreesDiffUntrackedFilesAndRemoteAreCapturedWithoutCredentials() throws Exception {
    if (!gitAvailable()) {
      return; // covered by the tests above on machines without git
    }
    run(dir, "git", "init", "-q");
    run(dir, "git", "remote", "add", "origin", "https://ml-bot:ghp_s3cret@github.com/acme/churn.git");
    Files.writeString(dir.resolve("tracked.txt"), "v1\n");
    Files.write(dir.resolve("weights.bin"), new byte[] {0, 1, 2, (byte) 0xff});
    Files.writeString(dir.resolve(".gitignore"), "*.log\n");
    run(dir, "git", "add", "tracked.txt", "weights.bin", ".gitignore");
    run(dir, "git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "y");
    FingerprintCapture.Captured clean = FingerprintCapture.capture(Set.of(), Map.of(), dir, true);
    SourceState cleanSource = clean.fingerprint().source().orElseThrow();
    assertEquals(Optional.of("https://github.com/acme/churn.git"), cleanSource.remote(), "credentials stripped");
    assertEquals(Optional.empty(), cleanSource.diff(), "a clean tree has no diff");
    assertEquals(Optional.empty(), clean.diff());

    Files.writeString(dir.resolve("tracked.txt"), "v2\n");
    Files.write(dir.resolve("weights.bin"), new byte[] {3, 0, (byte) 0xfe});
    Files.writeString(dir.resolve("notes.txt"), "not committed");
    Files.writeString(dir.resolve("train.log"), "ignored");
    FingerprintCapture.Captured dirty = FingerprintCapture.capture(Set.of(), Map.of(), dir, true);
    SourceState source = dirty.fingerprint().source().orElseThrow();
    byte[] diff = dirty.diff().orElseThrow();
    assertEquals(dev.lineage.internal.hash.Sha256.of(diff), source.diff().orElseThrow().digest());
    assertEquals(diff.length, source.diff().orElseThrow().size());
    String text = new String(diff, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("-v1") && text.contains("+v2") && text.contains("GIT binary patch"), text);
    assertEquals(List.of("notes.txt"), source.untracked(), "listed, ignored files left out");

    // The diff takes the commit back to the dirty tree: what a rerun rebuilds.
    Path applied = Files.createDirectories(dir.resolve("applied"));
    run(applied, "git", "clone", "-q", dir.toString(), ".");
    Files.write(applied.resolve("change.diff"), diff);
    run(applied, "git", "apply", "change.diff");
    assertEquals("v2\n", Files.readString(applied.resolve("tracked.txt")));
    assertArrayEquals(new byte[] {3, 0, (byte) 0xfe}, Files.readAllBytes(applied.resolve("weights.bin")));

    assertEquals(Optional.empty(), FingerprintCapture.capture(Set.of(), Map.of(), dir, false).fingerprint().source(),
        "recordCode(false)");
  }

  @Test
  void theCurrentDirectoryGivenAsAnEmptyPathWorks() {
    if (!gitAvailable()) {
      return;
    }
    Fingerprint f = FingerprintCapture.capture(Set.of(), Map.of(), Path.of(""), true).fingerprint();
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
