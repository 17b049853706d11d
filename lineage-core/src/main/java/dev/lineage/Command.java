package dev.lineage;

import dev.lineage.internal.ShellWords;
import java.util.ArrayList;
import java.util.List;

/**
 * How the JVM that made a run was started, as its command line said, so that the command can be rebuilt: the JVM
 * options, what it ran, the program's arguments and the working directory. Secrets never reach it, by the rule that
 * keeps them out of the recorded environment: an argument that sets a name that looks secret
 * ({@code -Dapi.token=...}, {@code spark.db.password=...}) is replaced whole by {@link #REDACTED}, as are the
 * argument after a flag whose name looks secret ({@code --password ...}) and a URL's password. The class path is
 * replaced by {@link #CLASSPATH} (it is recorded by digest).
 *
 * @param jvmArguments the options before what the JVM ran ({@code -Xmx4g}, {@code -Dseed=7}, {@code -cp}
 *     {@value #CLASSPATH})
 * @param program what the JVM ran: a main class ({@code [com.acme.Train]}), a jar ({@code [-jar, app.jar]}) or a
 *     module ({@code [-m, acme/com.acme.Train]}); empty when the command line could not be read
 * @param arguments the program's arguments
 * @param workingDirectory the directory the JVM started in, as an absolute path
 *
 * @since 0.1.0
 */
@Experimental
public record Command(List<String> jvmArguments, List<String> program, List<String> arguments,
    String workingDirectory) {
  /** What a secret's value is replaced by. */
  public static final String REDACTED = "<redacted>";
  /** What the class path is replaced by. */
  public static final String CLASSPATH = "<classpath>";

  public Command {
    jvmArguments = List.copyOf(jvmArguments);
    program = List.copyOf(program);
    arguments = List.copyOf(arguments);
    if (workingDirectory == null) {
      throw new InvalidInputException("workingDirectory", "must not be null");
    }
  }

  /**
   * The command as a line a POSIX shell takes back: {@code java}, then {@link #commandLine()}, each word quoted
   * where the shell would read it otherwise (the markers included).
   */
  public String shellLine() {
    return "java " + ShellWords.line(commandLine());
  }

  /** Everything after the {@code java} executable, in order: the JVM options, the program, its arguments. */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>(jvmArguments);
    line.addAll(program);
    line.addAll(arguments);
    return List.copyOf(line);
  }
}
