package dev.lineage.internal.store;

import java.util.List;

/**
 * {@code registry/policy/{seq}.json}: the registry's promotion policy as of one change, chained to the one before
 * (docs/lineage-index.md, "Protected aliases"). Each version holds every protection, so the newest is the policy.
 *
 * @param prev the checksum of version {@code seq - 1}; absent for the first
 */
public record PolicyDoc(long seq, List<Protection> protections, String setBy, long at, String reason, String prev,
    String writeId) implements Bound {
  public PolicyDoc {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1");
    }
    protections = List.copyOf(Check.present(protections, "protections"));
    Check.present(setBy, "setBy");
    Check.present(reason, "reason");
    Check.optionalDigest(prev, "prev");
    if ((seq == 1) != (prev == null)) {
      throw new IllegalArgumentException("every policy version but the first names its predecessor");
    }
  }

  /** An alias name protected in every model: moving it needs a reason, and with {@code approval} a second principal. */
  public record Protection(String alias, boolean approval) {
    public Protection {
      Check.present(alias, "alias");
    }
  }

  @Override
  public String storedAt() {
    return Keys.policy(seq);
  }
}
