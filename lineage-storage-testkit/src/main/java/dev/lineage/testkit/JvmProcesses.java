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

  /**
   * Starts {@code main} in a JVM of its own with this JVM's class path and {@code args}, its output into {@code log}.
   */
  public static Process start(Class<?> main, Path log, String... args) throws IOException {
    return start(main.getName(), java.util.Map.of(), log, args);
  }

  /** Starts {@code mainClass} with extra environment variables (a PATH with a fake tool first, say). */
  public static Process start(String mainClass, java.util.Map<String, String> environment, Path log, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // Workers live seconds, several at once on a small machine: C2's compiles and G1's threads would take the cores
    // the race needs, and pay back only in a long run.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Starts {@code workers} JVMs running {@code main} with each one's arguments, waits until every one of them has
   * said it is ready ({@link #readyThenAwait}, called by each worker once it has set up), then creates {@code go}
   * so that they really race, and waits for all of them to succeed. A worker that never gets ready fails the
   * race: a race that did not happen is a failure, not a pass.
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
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (ready(go) < workers) {
      for (int i = 0; i < processes.size(); i++) {
        if (!processes.get(i).isAlive()) {
          throw new AssertionError("worker " + i + " exited " + processes.get(i).exitValue() + " before the race; log: "
              + java.nio.file.Files.readString(logs.get(i)));
        }
      }
      if (System.nanoTime() > deadline) {
        processes.forEach(Process::destroyForcibly);
        throw new AssertionError("only " + ready(go) + " of " + workers + " workers got ready: no race happened");
      }
      Thread.sleep(10); // the workers' ready files are polled: a file system sends no event a test can wait on
    }
    java.nio.file.Files.writeString(go, "go");
    awaitSuccess(processes, logs);
  }

  /**
   * In a worker of {@link #race}: says this worker is ready, then waits for the start signal {@code go}. A signal
   * that never comes is a failure (an exception out of {@code main}, so a non-zero exit), never a solo run.
   */
  public static void readyThenAwait(Path go) throws Exception {
    java.nio.file.Files.writeString(go.resolveSibling(go.getFileName() + ".ready." + ProcessHandle.current().pid()),
        "ready");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!java.nio.file.Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no start signal " + go + " within two minutes: the race did not happen");
      }
      Thread.onSpinWait();
    }
  }

  private static long ready(Path go) throws IOException {
    String prefix = go.getFileName() + ".ready.";
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(go.toAbsolutePath().getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }

  /** Waits for every process to exit 0 (at most 5 minutes each), failing with the log of the first that did not. */
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
