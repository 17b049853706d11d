package dev.lineage.internal.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json} and where output goes; mixed into every reading command. */
final class Output {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--json", description = "Print JSON for scripts instead of text for people.")
  boolean json;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Instant now() {
    return Clock.systemUTC().instant();
  }
}
