package dev.lineage.internal.store;

/**
 * {@code registry/models/{model}/aliases/{alias}/{seq}.json}: one entry of an alias's history; {@code from} is
 * where the alias pointed before it (null: nowhere).
 *
 * @param prev the checksum of move {@code seq - 1}; absent for the first move and before 2026-12-07
 * @param kind {@code PROPOSAL} (a move of a protected alias awaiting a second principal, which does not move it),
 *     {@code APPROVAL} (that second principal's approval of the proposal just before it, which moves it to the
 *     proposal's {@code to}); absent for a plain move (added 2026-12-07)
 */
public record AliasMoveDoc(String model, String alias, long seq, Integer from, int to, String principal, long at,
    String reason, String source, String writeId, String prev, String kind) implements Bound {
  public static final String PROPOSAL = "PROPOSAL";
  public static final String APPROVAL = "APPROVAL";

  public AliasMoveDoc {
    Check.present(model, "model");
    Check.present(alias, "alias");
    if (seq < 1 || to < 1) {
      throw new IllegalArgumentException("seq and to must be >= 1");
    }
    Check.present(principal, "principal");
    Check.present(reason, "reason");
    Check.optionalDigest(prev, "prev");
    if (seq == 1 && prev != null) {
      throw new IllegalArgumentException("the first move has no predecessor");
    }
    if (kind != null && !kind.equals(PROPOSAL) && !kind.equals(APPROVAL)) {
      throw new IllegalArgumentException("kind is PROPOSAL, APPROVAL or absent, was " + kind);
    }
    if (APPROVAL.equals(kind) && seq < 2) {
      throw new IllegalArgumentException("an approval follows the proposal it approves");
    }
  }

  /** Where the alias points once this entry is in its history: a proposal leaves it where it was. */
  public Integer target() {
    return PROPOSAL.equals(kind) ? from : Integer.valueOf(to);
  }

  @Override
  public String storedAt() {
    return Keys.aliasMove(model, alias, seq);
  }
}
