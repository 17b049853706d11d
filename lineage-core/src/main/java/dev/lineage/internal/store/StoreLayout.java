package dev.lineage.internal.store;

import dev.lineage.Digest;
import dev.lineage.RunId;

/** Every key Lineage writes, in one place; docs/storage-format.md describes the same layout. */
public final class StoreLayout {
  public static final int FORMAT_VERSION = 1;
  public static final String MARKER = "lineage-store.json";
  public static final String RUNS = "runs/";
  public static final String RUN_DATA = "rundata/";
  public static final String BLOBS = "blobs/sha256/";

  private StoreLayout() {}

  /**
   * Run start records are grouped by the first six characters of the id (about 17 minutes of start time), so
   * that listing the runs after a point in time touches only the groups after it, on any backend.
   */
  static final int RUN_GROUP_CHARS = 6;

  public static String runStart(RunId id) {
    return RUNS + id.value().substring(0, RUN_GROUP_CHARS) + "/" + id + ".json";
  }

  /** The run id encoded in a {@link #runStart} key, or null if the key is not one. */
  public static RunId runIdOfStart(String key) {
    int idAt = RUNS.length() + RUN_GROUP_CHARS + 1;
    if (!key.startsWith(RUNS) || !key.endsWith(".json") || key.length() != idAt + 26 + 5) {
      return null;
    }
    return RunId.of(key.substring(idAt, idAt + 26));
  }

  public static String runEnd(RunId id) {
    return RUN_DATA + id + "/end.json";
  }

  public static String journalPrefix(RunId id) {
    return RUN_DATA + id + "/log/";
  }

  public static String journal(RunId id, String writer, long seq) {
    return journalPrefix(id) + writer + "/" + String.format("%010d", seq) + ".json";
  }

  public static String metricsPrefix(RunId id) {
    return RUN_DATA + id + "/metrics/";
  }

  public static String metricSegment(RunId id, String writer, long seq) {
    return metricsPrefix(id) + writer + "/" + String.format("%010d", seq) + ".parquet";
  }

  public static final String STEP_CACHE = "stepcache/";
  public static final String INDEX = "index/v1/";
  public static final String REGISTRY = "registry/models/";

  public static String indexManifest(long seq) {
    return INDEX + String.format("%010d", seq) + "/manifest.json";
  }

  /** The sequence number of an index manifest key, or -1 if the key is not one. */
  public static long indexSeqOf(String key) {
    if (!key.startsWith(INDEX) || !key.endsWith("/manifest.json")) {
      return -1;
    }
    return Long.parseLong(key.substring(INDEX.length(), INDEX.length() + 10));
  }

  public static String indexTable(long seq, String publisher, String table) {
    return INDEX + String.format("%010d", seq) + "/" + publisher + "-" + table + ".parquet";
  }

  public static String modelVersion(String model, int version) {
    return REGISTRY + model + "/versions/" + String.format("%010d", version) + ".json";
  }

  public static String modelVersions(String model) {
    return REGISTRY + model + "/versions/";
  }

  public static String aliasMoves(String model, String alias) {
    return REGISTRY + model + "/aliases/" + alias + "/";
  }

  public static String aliasMove(String model, String alias, long seq) {
    return aliasMoves(model, alias) + String.format("%010d", seq) + ".json";
  }

  /** Entries of one step: its name is hashed, because names may hold characters keys cannot. */
  public static String stepCachePrefix(String step) {
    return STEP_CACHE + dev.lineage.internal.artifact.Sha256.of(step.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hex().substring(0, 32) + "/";
  }

  public static String stepCacheEntry(String step, Digest key) {
    return stepCachePrefix(step) + key.hex() + ".json";
  }

  public static String blob(Digest digest) {
    return BLOBS + digest.hex().substring(0, 2) + "/" + digest.hex();
  }
}
