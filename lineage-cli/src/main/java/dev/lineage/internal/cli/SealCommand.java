package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.StoreProblem;
import dev.lineage.maintenance.Checkpoint;
import dev.lineage.maintenance.SealReport;
import dev.lineage.maintenance.SigningKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seal",
    description = "Write a checkpoint naming the head of every chain in the store, signed with an Ed25519 private "
        + "key kept outside it. 'lineage verify --trust' with the public key then proves that nothing sealed was "
        + "rewritten or removed since, even by someone with write access to the store. Keep the number and "
        + "checksum it prints outside the store too. Exits 3 if a head could not be read (it is not sealed).",
    footer = {"", "Examples:", "  lineage keygen ~/.lineage/seal.pem",
        "  lineage seal --key ~/.lineage/seal.pem", "See docs/audit.md."})
final class SealCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The Ed25519 private key (PKCS#8 PEM, from 'lineage keygen' or 'openssl genpkey -algorithm "
          + "ed25519').")
  Path key;

  @Override
  public Integer call() {
    var privateKey = SigningKeys.readPrivate(key);
    SealReport report;
    try (Lineage lineage = store.openWritable(); TerminalProgress progress = TerminalProgress.open(output.err())) {
      report = lineage.maintenance().seal(privateKey, progress);
    }
    Checkpoint c = report.checkpoint();
    if (output.json) {
      ObjectNode n = Json.checkpoint(Json.object(), c);
      n.put("listed", report.listed());
      n.put("read", report.read());
      n.put("tookMillis", report.took().toMillis());
      ArrayNode problems = n.putArray("problems");
      report.problems().forEach(p -> problems.add(Json.problem(p)));
      Json.print(output.out(), n);
    } else {
      output.out().printf(java.util.Locale.ROOT, "checkpoint %d sealed %d heads (%d objects listed, %d read) in "
          + "%.1f s%n  key       %s%n  checksum  %s%n", c.number(), c.heads(), report.listed(), report.read(),
          report.took().toMillis() / 1000.0, c.keyId(), c.checksum());
      if (!report.problems().isEmpty()) {
        output.out().println("Not sealed, because they could not be read:");
        Table t = new Table("KIND", "KEY", "PROBLEM");
        for (StoreProblem p : report.problems()) {
          t.row(p.kind(), p.key(), p.message());
        }
        t.print(output.out());
      }
    }
    return report.problems().isEmpty() ? ExitCode.OK : ExitCode.STORAGE;
  }
}
