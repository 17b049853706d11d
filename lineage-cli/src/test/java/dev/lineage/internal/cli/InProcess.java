package dev.lineage.internal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * A command line run in the test's JVM: the command tree the launcher's JVM runs, with its output captured, in
 * milliseconds rather than a JVM start.
 */
public final class InProcess {
  private InProcess() {}

  /** What one command line gave: its exit status and the text of each stream. */
  public record Result(int code, String out, String err) {}

  /** Runs {@code args} as {@code lineage} would, with {@code env} as its environment. */
  public static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LineageCli.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
