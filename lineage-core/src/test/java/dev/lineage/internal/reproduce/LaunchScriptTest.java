package dev.lineage.internal.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words of run.sh: what a real sh makes of them, and which paths follow the workspace. */
class LaunchScriptTest {
  @TempDir Path dir;

  @Test
  void onlyAnInputsOrOutputsOwnPathIsRewritten() {
    Reproducer.Rewrites r = new Reproducer.Rewrites();
    r.add(Path.of("/data/churn/train.csv"), LaunchScript.HERE + "/inputs/data/churn/train.csv");
    String here = LaunchScript.HERE;
    assertEquals(here + "/inputs/data/churn/train.csv", r.apply("/data/churn/train.csv"));
    assertEquals("--data=" + here + "/inputs/data/churn/train.csv", r.apply("--data=/data/churn/train.csv"));
    assertEquals("a:" + here + "/inputs/data/churn/train.csv:b", r.apply("a:/data/churn/train.csv:b"));
    assertEquals("/data/churn/train.csv.bak", r.apply("/data/churn/train.csv.bak"), "another file");
    assertEquals("/data/churn", r.apply("/data/churn"), "its folder is not moved: a store may lie beside it");
    assertEquals("x/data/churn/train.csv", r.apply("x/data/churn/train.csv"), "part of another path");
  }

  @Test
  void aRealShellReadsEachWordBackAsWritten() throws Exception {
    LaunchScript script = new LaunchScript();
    script.comment("a comment\nwith a line break");
    List<String> words = List.of("it's", "a b", "$HOME", "\"q\"", LaunchScript.HERE + "/x:'y'",
        "pw=" + LaunchScript.env("SECRET_ONE"), "");
    // The script execs "java": a java on PATH that prints its arguments, one per line, stands in for it.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fake = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"[$a]\"; done\n");
    assertTrue(fake.toFile().setExecutable(true));
    Path work = Files.createDirectories(dir.resolve("ws/work"));
    Path sh = Files.writeString(dir.resolve("ws/run.sh"), script.text(LaunchScript.HERE + "/work", words));
    ProcessBuilder b = new ProcessBuilder("sh", sh.toString()).redirectErrorStream(true);
    b.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    b.environment().remove("JAVA_HOME");
    b.environment().put("SECRET_ONE", "s3cr3t");
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    String ws = dir.resolve("ws").toRealPath().toString();
    assertEquals(List.of("[it's]", "[a b]", "[$HOME]", "[\"q\"]", "[" + ws + "/x:'y']", "[pw=s3cr3t]", "[]"),
        out.lines().toList());
    assertTrue(Files.isDirectory(work));
  }
}
