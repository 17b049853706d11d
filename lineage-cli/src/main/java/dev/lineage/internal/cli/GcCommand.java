package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.maintenance.GcReport;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gc",
    description = "Find what nothing references any more: unreferenced blobs, superseded index snapshots, orphan "
        + "index tables, abandoned uploads, old quarantined blobs. A dry run unless --delete is given.",
    footer = {"", "Examples:", "  lineage gc", "  lineage gc --delete --grace 24h"})
final class GcCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--delete", description = "Delete the garbage (default: only report it).") boolean delete;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h",
      description = "Leave anything younger than this (default ${DEFAULT-VALUE}): 30m, 12h, 7d.")
  String grace;

  @Override
  public Integer call() {
    GcOptions options = (delete ? GcOptions.deleting() : GcOptions.defaults())
        .withGrace(TimeArgument.duration("--grace", grace));
    GcReport report;
    try (Lineage lineage = store.openWritable(); TerminalProgress progress = TerminalProgress.open(output.err())) {
      report = lineage.maintenance().gc(options, progress);
    }
    Map<GcReport.Kind, long[]> byKind = new TreeMap<>();
    report.garbage().forEach(g -> {
      long[] t = byKind.computeIfAbsent(g.kind(), k -> new long[2]);
      t[0]++;
      t[1] += g.bytes();
    });
    if (output.json) {
      ObjectNode n = Json.object();
      n.put("dryRun", report.dryRun());
      n.put("deleted", report.deleted());
      n.put("bytes", report.bytes());
      report.blobsRefused().ifPresent(r -> n.put("blobsRefused", r));
      ArrayNode garbage = n.putArray("garbage");
      report.garbage().forEach(g -> garbage.addObject().put("key", g.key()).put("kind", g.kind().name())
          .put("bytes", g.bytes()));
      Json.print(output.out(), n);
    } else {
      if (byKind.isEmpty()) {
        output.out().println("No garbage.");
      } else {
        Table t = new Table("KIND", "OBJECTS", "SIZE");
        byKind.forEach((k, v) -> t.row(k, v[0], Human.bytes(v[1])));
        t.print(output.out());
      }
      report.blobsRefused().ifPresent(r -> output.out().println("blobs kept: " + r));
      output.out().println(report.dryRun()
          ? "dry run: " + report.garbage().size() + " object(s), " + Human.bytes(report.bytes())
              + " would be deleted; run with --delete to delete them"
          : "deleted " + report.deleted() + " of " + report.garbage().size() + " object(s)");
    }
    return ExitCode.OK;
  }
}
