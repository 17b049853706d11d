package dev.lineage.internal.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help, at every width a terminal may have: no URI is cut in two. */
class HelpTest {
  /** A line that ends in a URI's scheme: the rest went to the next line ("s3:" then "//bucket/prefix"). */
  private static final Pattern CUT_URI = Pattern.compile(".*\\b(s3|file|https?|http\\(s\\)):$");

  @Test
  void noHelpLineEndsInsideAUri() {
    for (Class<?> command : LineageCommand.COMMANDS) {
      String name = command.getAnnotation(CommandLine.Command.class).name();
      for (int width = 55; width <= 140; width++) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        CommandLine cli = LineageCli.commandLine(Map.of(), out, out, name);
        cli.setUsageHelpAutoWidth(false);
        cli.setUsageHelpWidth(width);
        CommandLine sub = cli.getSubcommands().get(name);
        print(sub == null ? cli : sub, out);
        for (String line : text.toString().split("\n")) {
          int w = width;
          assertTrue(!CUT_URI.matcher(line.stripTrailing()).matches(),
              () -> "lineage " + name + " --help at " + w + " columns cuts a URI: '" + line + "'");
        }
      }
    }
  }

  private static void print(CommandLine cli, PrintWriter out) {
    cli.usage(out);
    cli.getSubcommands().values().forEach(sub -> print(sub, out));
    out.flush();
  }
}
