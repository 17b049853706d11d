package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.testkit.JvmProcesses;
import dev.lineage.testkit.SlowGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
}
