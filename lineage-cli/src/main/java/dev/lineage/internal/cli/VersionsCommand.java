package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lineage.Lineage;
import dev.lineage.registry.ModelVersion;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "versions", description = "Every version of a model, oldest first, with the run that made it.",
    footer = {"", "Example:", "  lineage versions churn"})
final class VersionsCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(paramLabel = "MODEL") String model;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      List<ModelVersion> versions = lineage.registry().versions(model);
      if (output.json) {
        ArrayNode list = Json.array();
        versions.forEach(v -> list.add(Json.version(v)));
        Json.print(output.out(), list);
      } else {
        Table t = new Table("VERSION", "ARTIFACT", "SIZE", "RUN", "REGISTERED", "BY");
        for (ModelVersion v : versions) {
          t.row(v.version(), Human.shortDigest(v.artifact().digest()), Human.bytes(v.artifact().size()),
              v.run().map(Object::toString).orElse("-"), Human.ago(v.registeredAt(), output.now()), v.registeredBy());
        }
        t.print(output.out());
      }
    }
    return ExitCode.OK;
  }
}
