package dev.lineage.internal.store;

/**
 * The resolved outcome of committing sealed bytes under a key.
 *
 * @param existing for {@link Kind#TAKEN}, the bytes that hold the key
 */
public record Committed(Kind kind, byte[] existing) {
  public enum Kind {
    /** This call created the object, and (where asked) reading it back gave these bytes. */
    CREATED,
    /** The key already held exactly these bytes: an earlier attempt whose outcome was unknown had landed. */
    OURS,
    /** Another writer's object holds the key. */
    TAKEN
  }

  static final Committed CREATED = new Committed(Kind.CREATED, null);
  static final Committed OURS = new Committed(Kind.OURS, null);

  public boolean ours() {
    return kind != Kind.TAKEN;
  }
}
