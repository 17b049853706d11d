package dev.lineage.internal.env;

import dev.lineage.Command;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How this JVM was started, read from its command line ({@code /proc/self/cmdline}, else
 * {@link ProcessHandle.Info#arguments()}; where the OS gives neither, {@code sun.java.command}, which has no JVM
 * options): the JVM options, what it ran, the program's arguments. Secrets are replaced by {@link Command#REDACTED}
 * ({@link #redact}), the class path by {@link Command#CLASSPATH}.
 */
public final class CommandCapture {
  /** The launcher's options whose value is the next argument. */
  private static final Set<String> TAKES_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
      "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
      "--patch-module", "--source", "--enable-native-access");
  private static final Set<String> CLASSPATH = Set.of("-cp", "-classpath", "--class-path");
  private static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

  private CommandCapture() {}

  /** This JVM's command, or empty if neither its command line nor {@code sun.java.command} can be read. */
  public static Optional<Command> capture() {
    String dir = System.getProperty("user.dir", "");
    // ProcessHandle gives no arguments for a command line over 4 KiB on Linux (it reads one page of
    // /proc/self/cmdline), and a class path of a few dozen jars is longer: so the file is read whole first.
    Optional<List<String>> argv = procCmdline(Path.of("/proc/self/cmdline"))
        .or(() -> ProcessHandle.current().info().arguments().map(List::of));
    if (argv.isPresent()) {
      return Optional.of(parse(argv.get(), dir));
    }
    String command = System.getProperty("sun.java.command");
    if (command == null || command.isBlank()) {
      return Optional.empty();
    }
    List<String> tokens = List.of(command.trim().split("\\s+")); // the JVM joined them with spaces: the best there is
    List<String> program = tokens.get(0).endsWith(".jar") ? List.of("-jar", tokens.get(0)) : List.of(tokens.get(0));
    return Optional.of(new Command(List.of(), program, redact(tokens.subList(1, tokens.size())), dir));
  }

  /** The arguments after the executable in a {@code /proc/PID/cmdline} file, or empty where there is none. */
  static Optional<List<String>> procCmdline(Path file) {
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    try {
      String text = new String(Files.readAllBytes(file), jnuCharset());
      List<String> words = List.of(text.split("\0"));
      return words.isEmpty() ? Optional.empty() : Optional.of(words.subList(1, words.size()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The charset the JVM decodes its command line with. */
  private static Charset jnuCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** The command of a JVM started with {@code argv} (what follows the {@code java} executable) in {@code dir}. */
  static Command parse(List<String> argv, String dir) {
    List<String> jvm = new ArrayList<>();
    List<String> program = new ArrayList<>();
    int i = 0;
    while (i < argv.size() && program.isEmpty()) {
      String a = argv.get(i);
      if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) {
        program.add(a.equals("--module") ? "-m" : a);
        if (i + 1 < argv.size()) {
          program.add(argv.get(i + 1));
        }
        i += 2;
      } else if (a.startsWith("--module=")) {
        program.addAll(List.of("-m", a.substring("--module=".length())));
        i++;
      } else if (!a.startsWith("-")) {
        program.add(a); // a main class, or a source file
        i++;
      } else if (TAKES_VALUE.contains(a)) {
        jvm.add(a);
        if (i + 1 < argv.size()) {
          jvm.add(CLASSPATH.contains(a) ? Command.CLASSPATH : argv.get(i + 1));
        }
        i += 2;
      } else {
        jvm.add(a.startsWith("--class-path=") ? "--class-path=" + Command.CLASSPATH : a);
        i++;
      }
    }
    return new Command(redact(jvm), program, redact(argv.subList(Math.min(i, argv.size()), argv.size())), dir);
  }

  /**
   * The arguments with secrets replaced: as the environment's rule leaves a secret variable out, name and value, an
   * argument that assigns to a name that looks secret ({@code NAME=value}, {@code -DNAME=value},
   * {@code --conf=NAME=value}: any name before an {@code =}) is replaced whole; the argument after a flag whose name
   * looks secret ({@code --password}, {@code -token}) is replaced unless it is an option itself; and a URL's
   * password is replaced.
   */
  static List<String> redact(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean valueIsSecret = false;
    for (String a : args) {
      if (valueIsSecret && !a.startsWith("-")) {
        out.add(Command.REDACTED);
        valueIsSecret = false;
        continue;
      }
      valueIsSecret = false;
      if (assignsSecret(a)) {
        out.add(Command.REDACTED);
      } else {
        valueIsSecret = a.indexOf('=') < 0 && a.startsWith("-") && FingerprintCapture.looksSecret(a);
        out.add(URL_PASSWORD.matcher(a).replaceAll("$1:" + Command.REDACTED + "@"));
      }
    }
    return out;
  }

  /** Whether any name the argument assigns to (each part before an {@code =}) looks like a secret's. */
  private static boolean assignsSecret(String argument) {
    int end = argument.lastIndexOf('=');
    return end > 0 && FingerprintCapture.looksSecret(argument.substring(0, end));
  }
}
