package dev.lineage.internal.cli;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.AliasMoveRequest;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote",
    description = {"Point an alias at a version, if it still points where you expect (compare-and-set).",
        "An alias protected with a second approval is not moved: the move is proposed, for another principal to "
            + "'lineage approve'.",
        "Exits 1 without changing anything if someone moved the alias first."},
    footer = {"", "Examples:", "  lineage promote churn production 3 --expect 2 --reason 'AUC +0.02 on holdout'",
        "  lineage promote churn staging 1 --expect none --reason 'first candidate'"})
final class PromoteCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "MODEL") String model;
  @Parameters(index = "1", paramLabel = "ALIAS") String alias;
  @Parameters(index = "2", paramLabel = "VERSION") int version;

  @Option(names = "--expect", required = true, paramLabel = "VERSION|none",
      description = "The version the alias points to now, or none if it points nowhere yet.")
  String expect;

  @Option(names = "--reason", required = true, description = "Why, for the alias history.")
  String reason;

  @Override
  public Integer call() {
    OptionalInt expected = expected();
    if (reason.isBlank()) {
      throw new InvalidInputException("--reason", "must not be blank");
    }
    try (Lineage lineage = store.openWritable()) {
      AliasMoveRequest request = AliasMoveRequest.builder(model, alias).expected(expected).to(version)
          .reason(reason).source("lineage-cli").build();
      AliasMove move = Promotions.moveOrPropose(lineage.registry(), request);
      if (output.json) {
        Json.print(output.out(), Json.move(move));
      } else if (move.kind() == AliasMove.Kind.PROPOSAL) {
        output.out().println(model + ":" + alias + " -> " + move.to() + " proposed as move #" + move.sequence()
            + " by " + move.principal() + "; it moves when another principal runs: "
            + Promotions.approveCommand(move));
      } else {
        output.out().println(model + ":" + alias + " -> " + move.to() + " (was "
            + (move.from().isPresent() ? Integer.toString(move.from().getAsInt()) : "unset") + "), move #"
            + move.sequence() + " by " + move.principal());
      }
    }
    return ExitCode.OK;
  }

  private OptionalInt expected() {
    if (expect.equalsIgnoreCase("none")) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(expect));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--expect", "must be a version number or none, was '" + expect + "'");
    }
  }
}
