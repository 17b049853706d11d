package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import dev.lineage.registry.AliasProtection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "protect",
    description = {"Protect an alias name in every model of the store: moving it needs a reason, and with "
        + "--second-approval, a proposal ('lineage promote') and another principal's 'lineage approve'. A "
        + "protection is recorded in the registry's chained policy history and is never weakened."},
    footer = {"", "Example:", "  lineage protect production --second-approval --reason 'two people sign off'"})
final class ProtectCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "ALIAS") String alias;

  @Option(names = "--second-approval", description = "Moves need a second principal's approval.")
  boolean secondApproval;

  @Option(names = "--reason", required = true, description = "Why, for the policy history.") String reason;

  @Override
  public Integer call() {
    try (Lineage lineage = store.openWritable()) {
      AliasProtection p = lineage.registry().protectAlias(alias, secondApproval, reason);
      output.out().println("alias '" + p.alias() + "' is protected: moves need a reason"
          + (p.secondApproval() ? " and a second principal's approval" : ""));
    }
    return ExitCode.OK;
  }
}
