package dev.lineage.internal.cli;

import dev.lineage.registry.AliasMove;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelRegistry;

/** How the command line and the ui promote: a move, or a proposal where the alias needs a second approval. */
final class Promotions {
  private Promotions() {}

  /** Moves the alias, or proposes the move if its protection asks for a second principal's approval. */
  static AliasMove moveOrPropose(ModelRegistry registry, AliasMoveRequest request) {
    boolean approval = registry.protections().stream()
        .anyMatch(p -> p.alias().equals(request.alias()) && p.secondApproval());
    return approval ? registry.proposeMove(request) : registry.moveAlias(request);
  }

  /** The command that approves a proposal, for the message that reports it. */
  static String approveCommand(AliasMove proposal) {
    return "lineage approve " + proposal.model() + " " + proposal.alias() + " " + proposal.sequence()
        + " --reason TEXT";
  }
}
