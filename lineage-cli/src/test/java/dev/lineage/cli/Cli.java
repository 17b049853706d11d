package dev.lineage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar through the launcher script, as a user's shell would: a process, stdout and stderr apart; or,
 * {@link #inProcess}, the same command tree in the test's JVM.
 */
final class Cli {
  private final Map<String, String> env = new HashMap<>();
  private final Path workDir;

  /** Command lines through the launcher, in {@code workDir}. */
  Cli(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * Command lines in this JVM, for scenarios about what the commands answer rather than how they start: a JVM
   * start each is most of a process test's time. Whatever depends on the process goes through the launcher: the
   * class archive, the working directory and the environment in {@code FileSystemCliIT}'s own tests, the built jar
   * over S3 with credentials from the environment in {@code S3CliIT}'s.
   */
  static Cli inProcess() {
    return new Cli(null);
  }

  Cli env(String key, String value) {
    env.put(key, value);
    return this;
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Result run(String... args) throws IOException, InterruptedException {
    if (workDir == null) {
      dev.lineage.internal.cli.InProcess.Result r = dev.lineage.internal.cli.InProcess.run(Map.copyOf(env), args);
      return new Result(r.code(), r.out(), r.err());
    }
    String jar = System.getProperty("lineage.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("lineage.jar is not built (" + jar + "); run these tests with mvn verify");
    }
    List<String> command = new ArrayList<>(List.of("sh", Path.of("bin/lineage").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("LINEAGE_STORE");
    pb.environment().put("LINEAGE_JAR", jar);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("lineage " + String.join(" ", args) + " did not finish in 120 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
