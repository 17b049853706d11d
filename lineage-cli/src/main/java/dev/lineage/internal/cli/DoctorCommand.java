package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.maintenance.DoctorReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "doctor",
    description = "Examine the storage service under the store with probe objects of its own: put-if-absent "
        + "refuses an existing key and is atomic under racing writers, objects read back and list right after a "
        + "write, listings are ordered, empty and large objects survive. Says which guarantees hold and whether "
        + "many writers can share the store safely. Deletes its probes. Exits 3 if a guarantee does not hold.",
    footer = {"", "Example:", "  lineage doctor --store s3://ml-bucket/lineage", "See docs/s3.md."})
final class DoctorCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Override
  public Integer call() {
    DoctorReport report;
    try (Lineage lineage = store.openWritable(); TerminalProgress progress = TerminalProgress.open(output.err())) {
      report = lineage.maintenance().doctor(progress);
    }
    if (output.json) {
      ObjectNode n = Json.object();
      n.put("store", report.store().toString());
      n.put("ok", report.ok());
      n.put("manyWritersSafe", report.manyWritersSafe());
      n.put("tookMillis", report.took().toMillis());
      ArrayNode findings = n.putArray("findings");
      report.findings().forEach(f -> findings.addObject().put("guarantee", f.guarantee().name())
          .put("holds", f.holds()).put("detail", f.detail()));
      Json.print(output.out(), n);
    } else {
      Table t = new Table("GUARANTEE", "HOLDS", "DETAIL");
      report.findings().forEach(f -> t.row(f.guarantee().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          f.holds() ? "yes" : "NO", f.detail()));
      t.print(output.out());
      output.out().println(report.manyWritersSafe()
          ? "Many writers can share this store safely."
          : "Many writers must NOT share this store: a guarantee they rely on does not hold (docs/s3.md).");
    }
    return report.ok() ? ExitCode.OK : ExitCode.STORAGE;
  }
}
