package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.StoreProblem;
import dev.lineage.maintenance.SigningKeys;
import dev.lineage.maintenance.VerifyReport;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify",
    description = "Read every object and check it: every document parses and matches its checksum and version, "
        + "every blob its digest, every chain link holds, and nothing names a missing object. With --trust, also "
        + "hold the store to the newest checkpoint that key signed: nothing it sealed was rewritten or removed. "
        + "Changes nothing. Exits 3 if anything is wrong.",
    footer = {"", "Examples:", "  lineage verify --store s3://ml-bucket/lineage",
        "  lineage verify --trust seal.pem.pub"})
final class VerifyCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--trust", paramLabel = "FILE",
      description = "The Ed25519 public key (X.509 PEM) whose checkpoints to hold the store to; see 'lineage seal'.")
  Path trust;

  @Override
  public Integer call() {
    PublicKey trusted = trust == null ? null : SigningKeys.readPublic(trust);
    VerifyReport report;
    try (Lineage lineage = store.open(); TerminalProgress progress = TerminalProgress.open(output.err())) {
      report = trusted == null ? lineage.maintenance().verify(progress)
          : lineage.maintenance().verify(trusted, progress);
    }
    if (output.json) {
      ObjectNode n = Json.object();
      n.put("ok", report.ok());
      n.put("objects", report.objects());
      n.put("bytes", report.bytes());
      n.put("unchained", report.unchained());
      report.checkpoint().ifPresent(c -> Json.checkpoint(n.putObject("checkpoint"), c));
      n.put("tookMillis", report.took().toMillis());
      ArrayNode problems = n.putArray("problems");
      report.problems().forEach(p -> problems.add(Json.problem(p)));
      Json.print(output.out(), n);
    } else {
      output.out().printf(java.util.Locale.ROOT, "%s: %d objects, %s read in %.1f s, %d problem(s)%n",
          report.ok() ? "ok" : "DAMAGED", report.objects(), Human.bytes(report.bytes()), report.took().toMillis() / 1000.0,
          report.problems().size());
      report.checkpoint().ifPresent(c -> output.out().printf(java.util.Locale.ROOT, "held to checkpoint %d, "
          + "sealed %s with key %s (%d heads, checksum %s)%n", c.number(), c.sealedAt(), c.keyId(), c.heads(),
          c.checksum()));
      if (report.unchained() > 0) {
        output.out().printf(java.util.Locale.ROOT, "%d document(s) written before chains name no predecessor: they "
            + "are checked by their numbers alone (a signed checkpoint proves them unchanged)%n", report.unchained());
      }
      if (!report.ok()) {
        Table t = new Table("KIND", "KEY", "RUN", "PROBLEM");
        for (StoreProblem p : report.problems()) {
          t.row(p.kind(), p.key(), p.run().map(Object::toString).orElse("-"), p.message());
        }
        t.print(output.out());
      }
    }
    return report.ok() ? ExitCode.OK : ExitCode.STORAGE;
  }
}
