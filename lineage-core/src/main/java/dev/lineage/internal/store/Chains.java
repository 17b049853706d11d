package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;

/**
 * The links of the store's chains: a journal batch names its predecessor's checksum (batch 0 the run start's), a
 * run's end its owner's last batch, a model version the version before it, an alias move the move before it
 * (docs/storage-format.md, "Chains"). A checksum is a digest of its whole document, so a link that holds pins its
 * predecessor's content, and a sealed head pins the whole chain behind it.
 */
public final class Chains {
  private Chains() {}

  /**
   * Checks one link: {@code key}'s document names {@code named} as its predecessor's checksum, and the predecessor
   * under {@code predecessorKey} has {@code actual} (null: a version-1 document, which has none) and itself
   * names one of its own ({@code predecessorLinked}). A document without a link after a predecessor that has one
   * had its chain cut: no writer writes that. Throws {@link CorruptObjectException} naming {@code key}.
   */
  public static void link(String key, String named, String predecessorKey, String actual,
      boolean predecessorLinked) {
    if (named == null) {
      if (predecessorLinked) {
        throw new CorruptObjectException(key, "names no predecessor, though its predecessor " + predecessorKey
            + " is chained (its chain was cut: rewritten without its link)");
      }
      return; // written before chains
    }
    if (!named.equals(actual)) {
      throw new CorruptObjectException(key, "names " + named + " as its predecessor " + predecessorKey
          + ", which holds " + (actual == null ? "a document without a checksum" : actual)
          + " (the predecessor was rewritten or swapped, or this document was)");
    }
  }
}
