package dev.lineage.internal.cli;

import dev.lineage.ConflictException;
import dev.lineage.InvalidInputException;
import dev.lineage.LineageException;
import dev.lineage.NotFoundException;
import dev.lineage.StorageException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Builds the command tree and maps what goes wrong to an exit status and one line on stderr, never a trace. */
public final class LineageCli {
  private LineageCli() {}

  /** Runs one command line; returns its exit status. */
  public static int execute(String[] args, Map<String, String> env) {
    // The library's java.util.logging warnings repeat what the commands print themselves, in a log format.
    java.util.logging.LogManager.getLogManager().reset();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    sayWhileWaiting(err);
    return commandLine(env, out, err, args).execute(args);
  }

  /** The command tree for a command line: the top command with the subcommand it names (all, where it names none). */
  static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err, String... commandLine) {
    CommandLine cli = new CommandLine(new LineageCommand());
    LineageCommand.commandsFor(commandLine).forEach(cli::addSubcommand);
    // The terminal's width where there is one (else 80), for the whole tree: set after the commands are added.
    cli.setUsageHelpAutoWidth(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, line, parsed) -> report(e, line.getErr(), env));
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println("lineage: " + e.getMessage());
      w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return ExitCode.USAGE;
    });
    return cli;
  }

  /**
   * The storage backends' loggers ({@code dev.lineage.storage.*}). Held: java.util.logging keeps its loggers
   * weakly, and would drop the handler with an unreferenced one.
   */
  private static final java.util.logging.Logger WAITING = java.util.logging.Logger.getLogger("dev.lineage.storage");

  /**
   * The library warnings a person at the command line must see as they happen: a backend's, about the store
   * itself (an S3 endpoint that does not answer is otherwise tens of seconds of silence before the error), which
   * no command prints on its own. One line each on stderr.
   */
  private static void sayWhileWaiting(PrintWriter err) {
    for (java.util.logging.Handler h : WAITING.getHandlers()) {
      WAITING.removeHandler(h); // an earlier command line in the same JVM (tests)
    }
    WAITING.addHandler(new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
          err.println("lineage: " + record.getMessage());
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {}
    });
  }

  static int report(Exception e, PrintWriter err, Map<String, String> env) {
    int code = exitCode(e);
    if (code == ExitCode.INTERNAL) {
      err.println("lineage: internal error: " + e + " (please report it; LINEAGE_DEBUG=1 prints the trace)");
    } else {
      err.println("lineage: " + e.getMessage());
    }
    if (env.containsKey("LINEAGE_DEBUG")) {
      e.printStackTrace(err);
    }
    return code;
  }

  static int exitCode(Throwable e) {
    if (e instanceof StoreUnavailableException) {
      return ExitCode.STORAGE;
    }
    if (e instanceof NotFoundException || e instanceof ConflictException) {
      return ExitCode.NOT_FOUND_OR_CONFLICT;
    }
    if (e instanceof InvalidInputException || e instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE;
    }
    if (e instanceof StorageException || e instanceof LineageException || e instanceof java.io.UncheckedIOException) {
      return ExitCode.STORAGE;
    }
    return ExitCode.INTERNAL;
  }
}
