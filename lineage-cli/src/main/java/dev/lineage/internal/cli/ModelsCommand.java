package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.registry.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "models", description = "The registered models, with their latest version and their aliases.",
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
          ObjectNode aliases = n.putObject("aliases");
          aliases(registry, m).forEach(aliases::put);
        }
        Json.print(output.out(), list);
      } else if (models.isEmpty()) {
        output.out().println("No models are registered.");
      } else {
        Table t = new Table("MODEL", "VERSIONS", "LATEST", "REGISTERED", "BY", "ALIASES");
        for (String m : models) {
          List<ModelVersion> versions = registry.versions(m);
          ModelVersion last = versions.get(versions.size() - 1);
          Map<String, Integer> aliases = aliases(registry, m);
          t.row(m, versions.size(), last.version(), Human.ago(last.registeredAt(), output.now()), last.registeredBy(),
              aliases.isEmpty() ? "-" : aliases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                  .collect(java.util.stream.Collectors.joining(", ")));
        }
        t.print(output.out());
      }
    }
    return ExitCode.OK;
  }

  /** Each alias of the model that points somewhere now, and the version it points to, by name. */
  private static Map<String, Integer> aliases(ModelRegistry registry, String model) {
    Map<String, Integer> out = new TreeMap<>();
    for (String alias : registry.aliases(model)) {
      registry.alias(model, alias).ifPresent(v -> out.put(alias, v.version()));
    }
    return out;
  }
}
