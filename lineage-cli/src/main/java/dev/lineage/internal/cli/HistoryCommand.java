package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.registry.AliasMove;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "Every move of an alias, oldest first: who, when, from, to and why.",
    footer = {"", "Example:", "  lineage history churn production"})
final class HistoryCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "MODEL") String model;
  @Parameters(index = "1", paramLabel = "ALIAS") String alias;

  @Override
  public Integer call() {
    try (Lineage lineage = store.open()) {
      lineage.registry().versions(model); // an unknown model is NotFound, not an empty history
      List<AliasMove> moves = lineage.registry().aliasHistory(model, alias);
      if (moves.isEmpty()) {
        List<String> aliases = lineage.registry().aliases(model);
        throw new NotFoundException("model '" + model + "' has no alias '" + alias + "' ("
            + (aliases.isEmpty() ? "it has none" : "its aliases: " + String.join(", ", aliases)) + ")");
      }
      if (output.json) {
        ArrayNode list = Json.array();
        moves.forEach(m -> list.add(Json.move(m)));
        Json.print(output.out(), list);
      } else {
        Table t = new Table("#", "KIND", "FROM", "TO", "WHEN", "BY", "REASON");
        for (AliasMove m : moves) {
          t.row(m.sequence(), m.kind().name().toLowerCase(java.util.Locale.ROOT),
              m.from().isPresent() ? Integer.toString(m.from().getAsInt()) : "-", m.to(),
              Human.ago(m.at(), output.now()), m.principal() + m.source().map(s -> " (" + s + ")").orElse(""),
              m.reason());
        }
        t.print(output.out());
      }
    }
    return ExitCode.OK;
  }
}
