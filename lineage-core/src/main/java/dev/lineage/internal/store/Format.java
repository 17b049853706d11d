package dev.lineage.internal.store;

/**
 * The JSON documents of a store: each one's format name, the version this Lineage writes, and the oldest it
 * still reads. A document of any other version is refused with {@link dev.lineage.UnsupportedVersionException}.
 */
public enum Format {
  STORE("lineage-store", 2, 1, 2),
  RUN_START("lineage.run-start", 2, 1, 2),
  RUN_END("lineage.run-end", 2, 1, 2),
  RUN_LOG("lineage.run-log", 2, 1, 2),
  STEP_ENTRY("lineage.step-cache-entry", 2, 1, 2),
  MODEL_VERSION("lineage.model-version", 2, 1, 2),
  ALIAS_MOVE("lineage.alias-move", 2, 1, 2),
  /** Version-1 snapshots (under {@code index/v1/}) are superseded, not read: see docs/lineage-index.md. */
  INDEX("lineage.index", 2, 2, 2),
  LOCK("lineage.maintenance-lock", 1, 1, 1),
  CHECKPOINT("lineage.checkpoint", 1, 1, 1),
  REGISTRY_POLICY("lineage.registry-policy", 1, 1, 1),
  QUARANTINE("lineage.quarantine", 1, 1, 1),
  /** Stored as a blob: its digest names it, so it is written once per distinct class path. */
  CLASSPATH("lineage.classpath", 1, 1, 1);

  final String formatName;
  final int current;
  final int oldest;
  /**
   * The first version written with a checksum: documents of the formats that predate checksums carry one from
   * version 2; those made after them (locks, quarantine claims, checkpoints), from their first.
   */
  final int checksummedFrom;

  Format(String formatName, int current, int oldest, int checksummedFrom) {
    this.formatName = formatName;
    this.current = current;
    this.oldest = oldest;
    this.checksummedFrom = checksummedFrom;
  }

  /** The versions this Lineage reads, for messages. */
  String supported() {
    return formatName + " version" + (oldest == current ? " " + current : "s " + oldest + " to " + current);
  }
}
