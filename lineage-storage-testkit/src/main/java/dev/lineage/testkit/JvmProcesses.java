package dev.lineage.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker JVMs on this test's classpath and waits for them.
 *
 * @since 0.1.0
 */
public final class JvmProcesses {
  private JvmProcesses() {}

  public static Process start(Class<?> main, Path log, String... args) throws IOException {
    return start(main.getName(), java.util.Map.of(), log, args);
  }

  /** Starts {@code mainClass} with extra environment variables (a PATH with a fake tool first, say). */
  public static Process start(String mainClass, java.util.Map<String, String> environment, Path log, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Starts {@code workers} JVMs running {@code main} with each one's arguments, gives them time to start, then
   * creates {@code go} (which they wait for) so that they really race, and waits for all of them to succeed.
   */
  public static void race(Class<?> main, Path dir, Path go, int workers, java.util.function.IntFunction<String[]> args)
      throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Path log = dir.resolve(main.getSimpleName() + "-" + w + ".log");
      logs.add(log);
      processes.add(start(main, log, args.apply(w)));
    }
    Thread.sleep(2000);
    java.nio.file.Files.writeString(go, "go");
    awaitSuccess(processes, logs);
  }

  public static void awaitSuccess(List<Process> processes, List<Path> logs) throws Exception {
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        processes.forEach(Process::destroyForcibly);
        throw new AssertionError("worker " + i + " timed out; log: " + java.nio.file.Files.readString(logs.get(i)));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("worker " + i + " exited " + p.exitValue() + "; log: "
            + java.nio.file.Files.readString(logs.get(i)));
      }
    }
  }
}
