package dev.lineage.internal.cli;

import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

@Command(name = "lineage", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Version.class,
    description = "Look at and curate a Lineage store: runs, lineage, models, GPU waste, maintenance and export.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "The store comes from --store, else -Dlineage.store, else $LINEAGE_STORE, else ./lineage-store.",
        "Exit status: 0 ok, 1 not found or conflict, 2 usage, 3 storage. Reading commands take --json.",
        "See docs/cli.md."})
final class LineageCommand {
  /**
   * Every command, in the order {@code --help} lists them. They are added to the tree by {@link LineageCli}, not
   * named in the annotation, so that a command line builds only the command it runs: picocli reads each command's
   * annotations by reflection, a quarter of a second of a cold start for the whole tree.
   */
  static final List<Class<?>> COMMANDS = List.of(RunsCommand.class, ShowCommand.class, DiffCommand.class,
      UpstreamCommand.class, DownstreamCommand.class, PathCommand.class, UsedCommand.class, ModelsCommand.class,
      VersionsCommand.class, PromoteCommand.class, ApproveCommand.class, ProtectCommand.class, HistoryCommand.class,
      GpuCommand.class, VerifyCommand.class,
      ReproduceCommand.class, RerunCommand.class,
      SealCommand.class, KeygenCommand.class, DoctorCommand.class, IndexCommand.class, GcCommand.class, ExportCommand.class, ReportCommand.class, UiCommand.class,
      CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class, ClassArchiveTraining.class);

  /** The commands a command line needs: the one it names, or all of them for help, completion and mistakes. */
  static List<Class<?>> commandsFor(String[] args) {
    if (args.length > 0 && !args[0].equals("generate-completion") && !args[0].equals("help")) {
      for (Class<?> c : COMMANDS) {
        if (c.getAnnotation(Command.class).name().equals(args[0])) {
          return List.of(c);
        }
      }
    }
    return COMMANDS;
  }
}
