package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import dev.lineage.registry.AliasMove;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "approve",
    description = {"Approve a proposed move of a protected alias, as a second principal: the alias moves to the "
        + "proposed version if the proposal is still its newest entry (compare-and-set).",
        "Exits 1 without changing anything if someone moved, proposed or approved first; 2 if you proposed it."},
    footer = {"", "Example:", "  lineage approve churn production 7 --reason 'checked the holdout report'"})
final class ApproveCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "MODEL") String model;
  @Parameters(index = "1", paramLabel = "ALIAS") String alias;
  @Parameters(index = "2", paramLabel = "PROPOSAL", description = "The proposal's number in the alias history.")
  long proposal;

  @Option(names = "--reason", required = true, description = "Why, for the alias history.") String reason;

  @Override
  public Integer call() {
    try (Lineage lineage = store.openWritable()) {
      AliasMove move = lineage.registry().approveMove(model, alias, proposal, reason);
      if (output.json) {
        Json.print(output.out(), Json.move(move));
      } else {
        output.out().println(model + ":" + alias + " -> " + move.to() + " (was "
            + (move.from().isPresent() ? Integer.toString(move.from().getAsInt()) : "unset") + "), approved as move #"
            + move.sequence() + " by " + move.principal());
      }
    }
    return ExitCode.OK;
  }
}
