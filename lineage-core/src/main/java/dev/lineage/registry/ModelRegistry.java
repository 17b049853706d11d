package dev.lineage.registry;

import dev.lineage.Artifact;
import dev.lineage.RunId;
import java.util.List;
import java.util.Optional;

/**
 * Named models, their versions and aliases, shared safely by any number of processes: versions and alias moves
 * are put-if-absent of immutable objects. Model and alias names are 1 to 100 characters of
 * {@code [A-Za-z0-9._-]} starting with a letter or digit.
 *
 * @since 0.1.0
 */
public interface ModelRegistry {
  /**
   * Registers {@code artifact} (already stored, for example by {@code run.produce}) as the next version of
   * {@code model}, created on first use. Concurrent registrations get distinct, gap-free numbers.
   */
  ModelVersion register(String model, Artifact artifact, RunId producedBy);

  /** Like {@link #register(String, Artifact, RunId)}, for an artifact with no recorded run. */
  ModelVersion register(String model, Artifact artifact);

  /** Every version of the model, oldest first; throws {@link dev.lineage.NotFoundException} for an unknown model. */
  List<ModelVersion> versions(String model);

  /** One version; throws {@link dev.lineage.NotFoundException} if it does not exist. */
  ModelVersion version(String model, int version);

  /**
   * Moves the request's alias to its version if the alias points at the version the request expects (none: if it
   * points nowhere yet). Throws {@link dev.lineage.ConflictException} if someone moved it first,
   * {@link dev.lineage.NotFoundException} for a model or version that does not exist, and
   * {@link dev.lineage.InvalidInputException} for a missing reason where the configuration or the alias's
   * {@linkplain #protectAlias protection} requires one, and for an alias whose protection requires a second
   * principal's approval (propose the move with {@link #proposeMove} instead).
   */
  AliasMove moveAlias(AliasMoveRequest request);

  /**
   * Proposes a move of an alias protected with a second approval: the request's compare-and-set holds as for
   * {@link #moveAlias}, a reason is required, and the proposal enters the alias's history without moving it. A
   * later proposal replaces a pending one. The move happens when another principal {@linkplain #approveMove
   * approves} it.
   *
   * @throws dev.lineage.InvalidInputException if the alias needs no approval (move it), or the reason is blank
   */
  @dev.lineage.Experimental
  AliasMove proposeMove(AliasMoveRequest request);

  /**
   * Approves the proposal numbered {@code proposal} in the alias's history and moves the alias to the version it
   * proposed, recorded as the entry after it: compare-and-set on the proposal still being the newest entry.
   *
   * @throws dev.lineage.ConflictException if the alias's newest entry is not that proposal (someone moved,
   *     proposed or approved first)
   * @throws dev.lineage.InvalidInputException if this principal made the proposal (the approval must come from a
   *     second principal), or {@code reason} is null
   */
  @dev.lineage.Experimental
  AliasMove approveMove(String model, String alias, long proposal, String reason);

  /** The alias's proposal awaiting approval, if its newest entry is one. */
  @dev.lineage.Experimental
  Optional<AliasMove> pendingMove(String model, String alias);

  /**
   * Protects an alias name in every model of this store: from now on moving it needs a non-blank reason, and with
   * {@code secondApproval}, a proposal by one principal and an approval by another. Protections are recorded in a
   * chained policy history and cannot be weakened or removed through this API (docs/lineage-index.md).
   *
   * @throws dev.lineage.InvalidInputException if the alias is already protected with a second approval and this
   *     asks for less, or the reason is blank
   */
  @dev.lineage.Experimental
  AliasProtection protectAlias(String alias, boolean secondApproval, String reason);

  /** The aliases this store protects, by name. */
  @dev.lineage.Experimental
  List<AliasProtection> protections();

  /** The version an alias points to now, if any. */
  Optional<ModelVersion> alias(String model, String alias);

  /** The alias's full history, oldest first. */
  List<AliasMove> aliasHistory(String model, String alias);

  /** The model's aliases: every alias ever moved, sorted by name (an empty list for a model without any). */
  List<String> aliases(String model);

  /** Names of all registered models, sorted. */
  List<String> models();
}
