package dev.lineage.internal.store;

/** {@code registry/models/{model}/aliases/{alias}/{seq}.json}: one move; {@code from} is null for the first. */
public record AliasMoveDoc(String model, String alias, long seq, Integer from, int to, String principal, long at,
    String reason, String source, String writeId) implements Bound {
  public AliasMoveDoc {
    Check.present(model, "model");
    Check.present(alias, "alias");
    if (seq < 1 || to < 1) {
      throw new IllegalArgumentException("seq and to must be >= 1");
    }
    Check.present(principal, "principal");
    Check.present(reason, "reason");
  }

  @Override
  public String storedAt() {
    return Keys.aliasMove(model, alias, seq);
  }
}
