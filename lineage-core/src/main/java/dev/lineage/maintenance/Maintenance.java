package dev.lineage.maintenance;

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

  default VerifyReport verify() {
    return verify(Progress.NONE);
  }

  /**
   * Finds (and, unless it is a {@link GcOptions#dryRun() dry run}, deletes) what nothing references any more: blobs no run,
   * registry version or step cache entry names, index snapshots superseded by newer ones, index tables no
   * snapshot names, abandoned staging uploads, and quarantined corrupt blobs past their retention. Nothing younger
   * than the grace period is touched. Blobs are deleted only while no run is open, under a maintenance lock that
   * writers about to rely on stored content wait for, and never if any run or reference could not be read.
   */
  GcReport gc(GcOptions options, Progress progress);

  default GcReport gc(GcOptions options) {
    return gc(options, Progress.NONE);
  }
}
