package dev.lineage.internal.s3;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Ids for the backend's own objects: a write id per put (to tell our object from another writer's on read-back)
 * and staging keys that sort by creation time. Time first, then 80 random bits, in characters keys allow.
 */
public final class WriteIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WriteIds() {}

  public static String next() {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return String.format("%013d", System.currentTimeMillis()) + "-" + HexFormat.of().formatHex(random);
  }
}
