package dev.lineage.maintenance;

import dev.lineage.StoreProblem;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Verification and garbage collection of a store. Both read the objects themselves (never the index alone),
 * so their answers do not depend on derived data being right.
 *
 * @since 0.1.0
 */
public interface Maintenance {
  /**
   * Reads every object of the store and checks it: every document parses and matches its checksum and version,
   * every blob matches its digest, every metric segment and index table matches the digest that names it, and
   * nothing names an object that is missing. Reads everything; changes nothing.
   */
  VerifyReport verify(Progress progress);

  /** {@link #verify(Progress)} without progress reports. */
  default VerifyReport verify() {
    return verify(Progress.NONE);
  }

  /**
   * Like {@link #verify(Progress)}, and holds the store to the newest checkpoint that {@code trusted} signed
   * ({@link #seal}): every chain head it sealed must still hold the checksum it sealed, so, with the chain checks,
   * nothing sealed was rewritten or removed since, even by someone with write access to the bucket (docs/audit.md).
   * A head rewritten since is a {@link StoreProblem.Kind#CORRUPT CORRUPT} problem, one removed since
   * {@link StoreProblem.Kind#DANGLING DANGLING}; the report names the checkpoint it was held to.
   *
   * @throws dev.lineage.InvalidInputException naming {@code trust} if the store holds no checkpoint in this key's
   *     name (no checkpoint, or a wrong key); checkpoints forged in its name are reported as corrupt
   */
  @dev.lineage.Experimental
  VerifyReport verify(PublicKey trusted, Progress progress);

  /**
   * Writes a signed checkpoint: lists the store once, takes the head of every chain (a run's end, each writer's
   * newest journal batch, each model's newest version, each alias's newest move, the registry policy's newest
   * version, every step cache entry; every
   * document of what predates chains) and signs the list with {@code key}, an Ed25519 private key kept outside
   * the store ({@link SigningKeys}). Heads the previous checkpoint signed by the same key named are carried over
   * without being read again. A damaged head is not sealed and is reported.
   *
   * @throws dev.lineage.InvalidInputException if {@code key} is not an Ed25519 private key
   * @throws dev.lineage.CorruptObjectException if the newest checkpoint names this key but its signature does not
   *     verify: nothing is sealed on top of a forged checkpoint
   */
  @dev.lineage.Experimental
  SealReport seal(PrivateKey key, Progress progress);

  /** {@link #seal(PrivateKey, Progress)} without progress reports. */
  @dev.lineage.Experimental
  default SealReport seal(PrivateKey key) {
    return seal(key, Progress.NONE);
  }

  /**
   * Examines the storage service under this store with probe objects of its own (under {@code doctor/}, deleted
   * before it returns; garbage collection removes any a doctor that died left): put-if-absent refuses an existing
   * key and is atomic under racing threads and, where the store was opened by its URI, racing processes (two JVMs
   * started from this one's class path and environment), objects read back and list right after a write, listings
   * are ordered
   * and page without loss, empty and large objects survive. Run it before many writers share a store on a service
   * Lineage has not been tested against: a service whose put-if-absent is not atomic can tell two writers they
   * both created the same object (docs/s3.md, "The store doctor"). Writes only its own probes.
   *
   * @throws dev.lineage.InvalidInputException if the store was opened read-only
   */
  @dev.lineage.Experimental
  DoctorReport doctor(Progress progress);

  /**
   * Finds (and, unless it is a {@link GcOptions#dryRun() dry run}, deletes) what nothing references any more: blobs no run,
   * registry version or step cache entry names, index snapshots superseded by newer ones, index tables no
   * snapshot names, abandoned staging uploads, and quarantined corrupt blobs past their retention. Nothing younger
   * than the grace period is touched. Blobs are deleted only while no run is open, under a maintenance lock that
   * writers about to rely on stored content wait for, and never if any run or reference could not be read.
   */
  GcReport gc(GcOptions options, Progress progress);

  /** {@link #gc(GcOptions, Progress)} without progress reports. */
  default GcReport gc(GcOptions options) {
    return gc(options, Progress.NONE);
  }
}
