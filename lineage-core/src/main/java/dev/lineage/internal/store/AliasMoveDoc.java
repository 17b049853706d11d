package dev.lineage.internal.store;

/**
 * {@code registry/models/{model}/aliases/{alias}/{seq}.json}: one move; {@code from} is null for the first.
 *
 * @param prev the checksum of move {@code seq - 1}; absent for the first move and before 2026-12-07
 */
public record AliasMoveDoc(String model, String alias, long seq, Integer from, int to, String principal, long at,
    String reason, String source, String writeId, String prev) implements Bound {
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
  }

  @Override
  public String storedAt() {
    return Keys.aliasMove(model, alias, seq);
  }
}
