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
   * {@link dev.lineage.InvalidInputException} for a missing reason where the configuration requires one.
   */
  AliasMove moveAlias(AliasMoveRequest request);

  /** The version an alias points to now, if any. */
  Optional<ModelVersion> alias(String model, String alias);

  /** The alias's full history, oldest first. */
  List<AliasMove> aliasHistory(String model, String alias);

  /** The model's aliases: every alias ever moved, sorted by name (an empty list for a model without any). */
  List<String> aliases(String model);

  /** Names of all registered models, sorted. */
  List<String> models();
}
