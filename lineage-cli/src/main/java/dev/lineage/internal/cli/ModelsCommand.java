package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.registry.ModelVersion;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "models", description = "The registered models, with their latest version.",
    footer = {"", "Example:", "  lineage models --json"})
final class ModelsCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      ModelRegistry registry = lineage.registry();
      List<String> models = registry.models();
      if (output.json) {
        ArrayNode list = Json.array();
        for (String m : models) {
          List<ModelVersion> versions = registry.versions(m);
          ObjectNode n = list.addObject();
          n.put("model", m);
          n.put("versions", versions.size());
          n.set("latest", Json.version(versions.get(versions.size() - 1)));
        }
        Json.print(output.out(), list);
      } else if (models.isEmpty()) {
        output.out().println("No models are registered.");
      } else {
        Table t = new Table("MODEL", "VERSIONS", "LATEST", "REGISTERED", "BY");
        for (String m : models) {
          List<ModelVersion> versions = registry.versions(m);
          ModelVersion last = versions.get(versions.size() - 1);
          t.row(m, versions.size(), last.version(), Human.ago(last.registeredAt(), output.now()), last.registeredBy());
        }
        t.print(output.out());
      }
    }
    return ExitCode.OK;
  }
}
