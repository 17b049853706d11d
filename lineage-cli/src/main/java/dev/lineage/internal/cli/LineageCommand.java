package dev.lineage.internal.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

@Command(name = "lineage", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Version.class,
    description = "Look at and curate a Lineage store: runs, lineage, models, GPU waste, maintenance and export.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "The store comes from --store, else $LINEAGE_STORE, else ./lineage-store.",
        "Exit status: 0 ok, 1 not found or conflict, 2 usage, 3 storage. Reading commands take --json.",
        "See docs/cli.md."},
    subcommands = {RunsCommand.class, ShowCommand.class, DiffCommand.class, UpstreamCommand.class,
        DownstreamCommand.class, PathCommand.class, UsedCommand.class, ModelsCommand.class, VersionsCommand.class,
        PromoteCommand.class, HistoryCommand.class, GpuCommand.class, VerifyCommand.class, IndexCommand.class,
        GcCommand.class, ExportCommand.class, ReportCommand.class, UiCommand.class, AutoComplete.GenerateCompletion.class, ClassArchiveTraining.class})
final class LineageCommand {}
