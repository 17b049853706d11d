package dev.lineage.internal.store;

import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the store, format version {@value StoreLayout#FORMAT_VERSION}. Field names are the
 * format: renaming one is a format change (docs/storage-format.md).
 */
public final class Records {
  private Records() {}

  public record StoreMarker(String format, int version) {}

  public record RunStart(
      String format,
      int version,
      String runId,
      String name,
      String parent,
      long startedAt,
      FingerprintDoc fingerprint) {}

  public record FingerprintDoc(
      String gitCommit,
      String gitState,
      String jvmVendor,
      String jvmVersion,
      String os,
      String host,
      String user,
      String mainClass,
      String classpathDigest,
      Map<String, String> environment) {}

  public record RunEnd(String format, int version, String runId, String status, long endedAt, String failure) {}

  public record Journal(String format, int version, String runId, String writer, long seq, List<Event> events) {}

  /**
   * One journal event. {@code type} is {@code param}, {@code tag} or {@code artifact}; the other fields are
   * those that type uses.
   */
  public record Event(
      String type,
      long at,
      String key,
      String valueType,
      String value,
      String direction,
      String digest,
      String kind,
      Long size,
      String name,
      Long count,
      Long step,
      String min,
      String max) {
    public static Event param(long at, String key, String valueType, String value) {
      return new Event("param", at, key, valueType, value, null, null, null, null, null, null, null, null, null);
    }

    public static Event tag(long at, String key, String value) {
      return new Event("tag", at, key, null, value, null, null, null, null, null, null, null, null, null);
    }

    public static Event artifact(long at, String direction, String digest, String kind, long size, String name) {
      return new Event("artifact", at, null, null, null, direction, digest, kind, size, name, null, null, null,
          null);
    }

    /**
     * This writer's cumulative summary of one metric key: {@code at} is the last point's timestamp, {@code step}
     * and {@code value} its step and value, {@code count}, {@code min} and {@code max} over all its points.
     * Doubles are written with {@link Double#toString}, so NaN and the infinities survive JSON.
     */
    public static Event metric(long at, String key, long count, long step, double last, double min, double max) {
      return new Event("metric", at, key, null, Double.toString(last), null, null, null, null, null, count, step,
          Double.toString(min), Double.toString(max));
    }
  }

  /** A published step cache entry (docs/step-cache.md). */
  public record StepEntry(String format, int version, String step, String key, String run, long createdAt,
      List<StepEntryOutput> outputs) {}

  /** One output of a cached step: its name, its path relative to the output directory, and its content. */
  public record StepEntryOutput(String name, String path, String digest, String kind, long size) {}

  public static final String STEP_ENTRY_FORMAT = "lineage.step-cache-entry";

  /** The commit point of an index snapshot (docs/lineage-index.md). */
  public record IndexManifest(String format, int version, long seq, long createdAt, String lastRunId,
      List<String> openRuns, int runCount, Map<String, String> tables) {}

  public static final String INDEX_FORMAT = "lineage.index";

  /** A registered model version. */
  public record ModelVersionDoc(String format, int version, String model, int number, String digest, String kind,
      long size, String name, String run, String registeredBy, long registeredAt) {}

  /** One move of an alias; {@code from} is null for the first assignment. */
  public record AliasMoveDoc(String format, int version, String model, String alias, long seq, Integer from, int to,
      String principal, long at, String reason, String source) {}

  public static final String MODEL_VERSION_FORMAT = "lineage.model-version";
  public static final String ALIAS_MOVE_FORMAT = "lineage.alias-move";
  public static final String STORE_FORMAT = "lineage-store";
  public static final String RUN_START_FORMAT = "lineage.run-start";
  public static final String RUN_END_FORMAT = "lineage.run-end";
  public static final String JOURNAL_FORMAT = "lineage.run-log";
}
