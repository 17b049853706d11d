package dev.lineage.openlineage;

import dev.lineage.Experimental;
import dev.lineage.RunId;
import java.util.UUID;

/**
 * A run's OpenLineage id: its ULID's 128 bits as a version-7 UUID (the version and variant bits overwritten). The
 * same run always maps to the same UUID, and the UUIDs sort by start time as the run ids do, as OpenLineage
 * recommends for run ids.
 *
 * @since 0.1.0
 */
@Experimental
public final class RunUuids {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private RunUuids() {}

  /** The run's OpenLineage run id: its ULID's 128 bits as a version-7 UUID, the same every time. */
  public static UUID of(RunId id) {
    long high = 0;
    long low = 0;
    String s = id.value();
    // 26 base32 characters = 130 bits; the first character carries only 3 (a ULID's top two bits are zero).
    for (int i = 0; i < 26; i++) {
      long v = ALPHABET.indexOf(s.charAt(i));
      high = (high << 5) | (low >>> 59);
      low = (low << 5) | v;
    }
    high = (high & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_7000L; // version 7
    low = (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
    return new UUID(high, low);
  }
}
