package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Command;
import dev.lineage.Fingerprint;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.SourceState;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.query.RunDiff;
import dev.lineage.query.RunQuery;
import dev.lineage.testkit.JvmProcesses;
import dev.lineage.testkit.SlowGit;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint as users' launchers and machines present it: real JVMs, launched as the tools launch them. */
class FingerprintInTheFieldTest {
  @TempDir Path dir;

  private Map<String, String> run(String launcher, Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve("probe-" + System.nanoTime() + ".log");
    Process p = JvmProcesses.start(launcher, env, log, args);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "probe finished");
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);
    Map<String, String> values = new HashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')),
        l.substring(l.indexOf('=') + 1)));
    return values;
  }

  @Test
  void aGitThatHangsDoesNotHoldUpTheRunStart() throws Exception {
    Map<String, String> values = run(FingerprintProbe.class.getName(), SlowGit.onPath(dir.resolve("bin"), 30),
        dir.resolve("store").toString());
    long millis = Long.parseLong(values.get("startMillis"));
    assertTrue(millis < 6000, "a run started " + millis + " ms after its Lineage, with git hanging");
    assertEquals("UNKNOWN", values.get("gitState"), "git did not answer: the state is not guessed");
  }

  @Test
  void theRealMainClassIsFoundUnderMavensLauncher() throws Exception {
    Map<String, String> values = run("org.codehaus.plexus.classworlds.launcher.Launcher", Map.of(),
        FingerprintProbe.class.getName(), dir.resolve("store").toString());
    assertEquals(FingerprintProbe.class.getName(), values.get("mainClass"));
  }

  @Test
  void theRealMainClassIsFoundUnderGradlesWorkerAndIntellij() throws Exception {
    assertEquals(FingerprintProbe.class.getName(), run("worker.org.gradle.process.internal.worker.GradleWorkerMain",
        Map.of(), FingerprintProbe.class.getName(), dir.resolve("store-g").toString()).get("mainClass"));
    assertEquals(FingerprintProbe.class.getName(), run("com.intellij.rt.execution.application.AppMainV2",
        Map.of(), FingerprintProbe.class.getName(), dir.resolve("store-i").toString()).get("mainClass"));
  }

  // The probes store their class path, the test classes included: secrets a user gives on the command line are in
  // no code of theirs, so these are new on every run and can be in no class file.
  private static final String TOKEN = "tok-" + fresh();
  private static final String TOKEN_NAME = "api.token." + fresh();
  private static final String PASSWORD = "pw-" + fresh();
  private static final String DB_PASSWORD = "db-" + fresh();
  private static final String GIT_TOKEN = "ghp-" + fresh();

  private static String fresh() {
    return java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theCommandIsRecordedAsStartedWithoutItsSecrets() throws Exception {
    Path store = dir.resolve("store-c");
    Path work = Files.createDirectories(dir.resolve("work dir"));
    // A dirty git working tree: one tracked file changed since the commit, one untracked.
    git(work, "init", "-q");
    git(work, "remote", "add", "origin", "https://ml-bot:" + GIT_TOKEN + "@git.example.com/acme/churn.git");
    Files.writeString(work.resolve("train.conf"), "epochs=2\n");
    git(work, "add", "train.conf");
    git(work, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "first");
    Files.writeString(work.resolve("train.conf"), "epochs=3\n");
    Files.writeString(work.resolve("scratch.txt"), "not committed");
    // Over 4 KiB of command line, where ProcessHandle gives no arguments on Linux: the options are still read.
    String padding = "-Dpadding=" + "x".repeat(5000);
    probe(work, "-XX:TieredStopAtLevel=1", "-Dseed=7", padding, "-D" + TOKEN_NAME + "=" + TOKEN, "-cp",
        System.getProperty("java.class.path"), FingerprintProbe.class.getName(), store.toString(), "--epochs", "3",
        "--password", PASSWORD, "db=jdbc:postgresql://ml:" + DB_PASSWORD + "@db.internal/features", "a b");
    Command recorded;
    try (Lineage lineage = Lineage.openReadOnly(store.toString())) {
      recorded = lineage.runs(RunQuery.all()).get(0).fingerprint().command().orElseThrow();
      assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Dseed=7", padding, Command.REDACTED, "-cp",
          Command.CLASSPATH), recorded.jvmArguments());
      assertEquals(List.of(FingerprintProbe.class.getName()), recorded.program());
      assertEquals(List.of(store.toString(), "--epochs", "3", "--password", Command.REDACTED,
          "db=jdbc:postgresql://ml:" + Command.REDACTED + "@db.internal/features", "a b"), recorded.arguments());
      assertEquals(work.toRealPath().toString(), Path.of(recorded.workingDirectory()).toRealPath().toString());
      SourceState source = lineage.runs(RunQuery.all()).get(0).fingerprint().source().orElseThrow();
      assertEquals(Optional.of("https://git.example.com/acme/churn.git"), source.remote());
      assertEquals(List.of("scratch.txt"), source.untracked());
      try (InputStream in = lineage.openArtifact(source.diff().orElseThrow())) {
        String diff = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(diff.contains("-epochs=2") && diff.contains("+epochs=3"), diff);
      }
    }
    try (Lineage lineage = Lineage.builder().store(store.toString()).systemMetrics(false).recordCode(false)
        .build()) {
      assertTrue(lineage.maintenance().verify().ok(), "the diff is a blob the run start names");
      lineage.maintenance().gc(GcOptions.deleting().withGrace(Duration.ZERO));
      lineage.publishIndex();
      Fingerprint indexed = lineage.graph().search(RunQuery.all()).get(0).fingerprint();
      assertEquals(recorded, indexed.command().orElseThrow(), "read back from the index snapshot");
      try (InputStream in = lineage.openArtifact(indexed.source().orElseThrow().diff().orElseThrow())) {
        assertTrue(in.readAllBytes().length > 0, "garbage collection kept the diff the run names");
      }
      assertEquals(Optional.empty(), lineage.run("off", run -> lineage.runRecord(run.id())).fingerprint()
          .command(), "recordCode(false)");
    }
    try (Stream<Path> files = Files.walk(store)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String secret : List.of(TOKEN, TOKEN_NAME, PASSWORD, DB_PASSWORD, GIT_TOKEN)) {
          assertFalse(text.contains(secret), secret + " reached the store in " + store.relativize(f));
        }
      }
    }

    // Rerun with another uncommitted change and other arguments: the diff between the two runs names both.
    Files.writeString(work.resolve("train.conf"), "epochs=4\n");
    probe(work, "-cp", System.getProperty("java.class.path"), FingerprintProbe.class.getName(), store.toString(),
        "--epochs", "4");
    try (Lineage lineage = Lineage.openReadOnly(store.toString())) {
      List<RunRecord> probes = lineage.runs(RunQuery.all()).stream().filter(r -> r.name().equals("probe")).toList();
      assertEquals(2, probes.size());
      Map<String, RunDiff.Change<String>> code = lineage.graph().diff(probes.get(1).id(), probes.get(0).id()).code();
      assertTrue(code.containsKey("source_diff") && code.containsKey("arguments"), code.toString());
      assertTrue(code.get("arguments").b().contains("--epochs, 4"), code.toString());
    }
  }

  /** Runs the JVM with {@code args} in {@code work}, and waits for it to succeed. */
  private void probe(Path work, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "probe", ".log");
    Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "probe finished");
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
  }
}
