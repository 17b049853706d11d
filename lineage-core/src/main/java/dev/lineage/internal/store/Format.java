package dev.lineage.internal.store;

/**
 * The JSON documents of a store: each one's format name, the version this Lineage writes, and the oldest it
 * still reads. A document of any other version is refused with {@link dev.lineage.UnsupportedVersionException}.
 */
public enum Format {
  STORE("lineage-store", 2, 1),
  RUN_START("lineage.run-start", 2, 1),
  RUN_END("lineage.run-end", 2, 1),
  RUN_LOG("lineage.run-log", 2, 1),
  STEP_ENTRY("lineage.step-cache-entry", 2, 1),
  MODEL_VERSION("lineage.model-version", 2, 1),
  ALIAS_MOVE("lineage.alias-move", 2, 1),
  /** Version-1 snapshots (under {@code index/v1/}) are superseded, not read: see docs/lineage-index.md. */
  INDEX("lineage.index", 2, 2),
  LOCK("lineage.maintenance-lock", 1, 1),
  QUARANTINE("lineage.quarantine", 1, 1);

  final String formatName;
  final int current;
  final int oldest;

  Format(String formatName, int current, int oldest) {
    this.formatName = formatName;
    this.current = current;
    this.oldest = oldest;
  }

  /** The versions this Lineage reads, for messages. */
  String supported() {
    return formatName + " version" + (oldest == current ? " " + current : "s " + oldest + " to " + current);
  }
}
