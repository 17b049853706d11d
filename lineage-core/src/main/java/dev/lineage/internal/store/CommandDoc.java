package dev.lineage.internal.store;

import dev.lineage.Command;
import java.util.List;

/**
 * How a run's JVM was started, inside its fingerprint (added 2026-12-08, a minor addition; absent when not
 * recorded). The same JSON is the index's {@code command} column.
 */
public record CommandDoc(List<String> jvmArguments, List<String> program, List<String> arguments,
    String workingDirectory) {
  public CommandDoc {
    jvmArguments = jvmArguments == null ? List.of() : List.copyOf(jvmArguments);
    program = program == null ? List.of() : List.copyOf(program);
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    Check.present(workingDirectory, "command.workingDirectory");
  }

  public static CommandDoc of(Command c) {
    return new CommandDoc(c.jvmArguments(), c.program(), c.arguments(), c.workingDirectory());
  }

  public Command command() {
    return new Command(jvmArguments, program, arguments, workingDirectory);
  }
}
