package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement in a JVM of its own (no JIT profile or heap shared with another measurement): the fork prints its
 * figures as the last line of its output, numbers separated by spaces; its standard error goes to this one's.
 */
final class Forks {
  private Forks() {}

  /** Runs {@code mainClass} with {@code args} on {@code classpath} with {@code heap}; the {@code count} figures. */
  static double[] figures(String heap, String classpath, String mainClass, int count, String... args)
      throws Exception {
    return figuresIn(null, heap, classpath, mainClass, count, args);
  }

  /** Like {@link #figures}, the fork working in {@code workDir} (null: this JVM's). */
  static double[] figuresIn(Path workDir, String heap, String classpath, String mainClass, int count,
      String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx" + heap, "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workDir == null ? null : workDir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    String[] last = out.substring(out.lastIndexOf('\n') + 1).split(" ");
    check(p.waitFor() == 0 && last.length == count, mainClass + " " + String.join(" ", args) + " printed "
        + count + " figures: " + out);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = Double.parseDouble(last[i]);
    }
    return values;
  }
}
