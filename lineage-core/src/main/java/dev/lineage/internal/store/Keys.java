package dev.lineage.internal.store;

import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.internal.Chars;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Every key Lineage writes, in one place; docs/storage-format.md describes the same layout. */
public final class Keys {
  public static final String MARKER = "lineage-store.json";
  public static final String RUNS = "runs/";
  public static final String RUN_DATA = "rundata/";
  public static final String BLOBS = "blobs/sha256/";
  public static final String STEP_CACHE = "stepcache/";
  /** Version-1 index snapshots: superseded, never read, expired by garbage collection. */
  public static final String INDEX_V1 = "index/v1/";
  public static final String INDEX = "index/v2/";
  public static final String REGISTRY = "registry/models/";
  public static final String QUARANTINE = "quarantine/sha256/";
  public static final String STAGING = "staging/";
  public static final String LOCKS = "maintenance/locks/";
  public static final String CHECKPOINTS = "checkpoints/";
  public static final String CHECKPOINT_HEADS = CHECKPOINTS + "heads/";
  public static final String DOCTOR = "doctor/";
  public static final String POLICY = "registry/policy/";

  /**
   * Run start records are grouped by the first six characters of the id (about 17 minutes of start time), so
   * that listing the runs after a point in time touches only the groups after it, on any backend.
   */
  static final int RUN_GROUP_CHARS = 6;

  private Keys() {}

  public static String runStart(RunId id) {
    return RUNS + id.value().substring(0, RUN_GROUP_CHARS) + "/" + id + ".json";
  }

  /** The run id a {@link #runStart} key names, or empty if the key is not one (a stray object). */
  public static Optional<RunId> runIdOfStart(String key) {
    int idAt = RUNS.length() + RUN_GROUP_CHARS + 1;
    if (!key.startsWith(RUNS) || !key.endsWith(".json") || key.length() != idAt + 26 + 5) {
      return Optional.empty();
    }
    String id = key.substring(idAt, idAt + 26);
    if (!Ulid.isValid(id) || !key.regionMatches(RUNS.length(), id, 0, RUN_GROUP_CHARS)) {
      return Optional.empty();
    }
    return Optional.of(RunId.of(id));
  }

  public static String runData(RunId id) {
    return RUN_DATA + id + "/";
  }

  public static String runEnd(RunId id) {
    return runData(id) + "end.json";
  }

  public static String journalPrefix(RunId id) {
    return runData(id) + "log/";
  }

  public static String journal(RunId id, String writer, long seq) {
    return journalPrefix(id) + writer + "/" + seq(seq) + ".json";
  }

  public static String metricsPrefix(RunId id) {
    return runData(id) + "metrics/";
  }

  public static String metricSegment(RunId id, String writer, long seq) {
    return metricsPrefix(id) + writer + "/" + seq(seq) + ".parquet";
  }

  public static String blob(Digest digest) {
    return BLOBS + digest.hex().substring(0, 2) + "/" + digest.hex();
  }

  /** The digest a {@link #blob} key names, or empty. */
  public static Optional<Digest> digestOfBlob(String key) {
    if (!key.startsWith(BLOBS) || key.length() != BLOBS.length() + 3 + 64) {
      return Optional.empty();
    }
    String hex = key.substring(BLOBS.length() + 3);
    if (!Chars.isLowerHex(hex, 64) || !key.regionMatches(BLOBS.length(), hex, 0, 2)) {
      return Optional.empty();
    }
    return Optional.of(new Digest(hex));
  }

  /** Where a blob proven corrupt is moved: one key per expected and actual content. */
  public static String quarantine(Digest expected, Digest actual) {
    return QUARANTINE + expected.hex() + "/" + actual.hex();
  }

  /** The claim of the one reader that moves that corruption. */
  public static String quarantineClaim(Digest expected, Digest actual) {
    return quarantine(expected, actual) + ".json";
  }

  /** Entries of one step: its name is hashed, because names may hold characters keys cannot. */
  public static String stepCachePrefix(String step) {
    return STEP_CACHE + Sha256.of(step.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 32) + "/";
  }

  public static String stepCacheEntry(String step, Digest key) {
    return stepCachePrefix(step) + key.hex() + ".json";
  }

  public static String indexManifest(long seq) {
    return INDEX + seq(seq) + "/manifest.json";
  }

  /** The sequence number of a (version-2) index manifest key, or -1 if the key is not one. */
  public static long indexSeqOf(String key) {
    if (!key.startsWith(INDEX) || !key.endsWith("/manifest.json") || key.length() != INDEX.length() + 10 + 14) {
      return -1;
    }
    String seq = key.substring(INDEX.length(), INDEX.length() + 10);
    return Chars.isDigits(seq, 10) ? Long.parseLong(seq) : -1;
  }

  public static String indexTable(long seq, String publisher, String table) {
    return INDEX + seq(seq) + "/" + publisher + "-" + table + ".parquet";
  }

  public static String modelVersions(String model) {
    return REGISTRY + model + "/versions/";
  }

  public static String modelVersion(String model, int version) {
    return modelVersions(model) + seq(version) + ".json";
  }

  /** The version number a {@link #modelVersion} key names, or -1. */
  public static int versionOf(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    return file.length() == 15 && file.endsWith(".json") && Chars.all(file, 0, 10, false)
        ? Integer.parseInt(file.substring(0, 10)) : -1;
  }

  /** Where every alias of the model keeps its moves. */
  public static String aliases(String model) {
    return REGISTRY + model + "/aliases/";
  }

  public static String aliasMoves(String model, String alias) {
    return aliases(model) + alias + "/";
  }

  public static String aliasMove(String model, String alias, long seq) {
    return aliasMoves(model, alias) + seq(seq) + ".json";
  }

  public static String checkpoint(long number) {
    return CHECKPOINTS + seq(number) + ".json";
  }

  /** The number of a {@link #checkpoint} key, or -1 if the key is not one. */
  public static long checkpointNumberOf(String key) {
    return key.startsWith(CHECKPOINTS) && key.indexOf('/', CHECKPOINTS.length()) < 0 ? numberOf(key) : -1;
  }

  /** The number a key's last segment holds as {@code 0000000042.json} (a batch, version, move, ...), or -1. */
  public static long numberOf(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    return file.length() == 15 && file.endsWith(".json") && Chars.all(file, 0, 10, false)
        ? Long.parseLong(file.substring(0, 10)) : -1;
  }

  /** A checkpoint's list of sealed heads, named by its own digest. */
  public static String checkpointHeads(Digest digest) {
    return CHECKPOINT_HEADS + digest.hex() + ".txt";
  }

  public static String policy(long seq) {
    return POLICY + seq(seq) + ".json";
  }

  public static String lock(String id) {
    return LOCKS + id + ".json";
  }

  private static String seq(long n) {
    return String.format("%010d", n);
  }
}
