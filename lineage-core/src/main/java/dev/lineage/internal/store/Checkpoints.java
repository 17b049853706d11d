package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signed checkpoints: each a document put once under the next number, naming the list of chain heads it seals,
 * which is stored by its digest (docs/storage-format.md, "Signed checkpoints"). Signing and checking signatures
 * is maintenance's; this area only stores, reads and verifies the bytes.
 */
public final class Checkpoints {
  private final Store store;

  Checkpoints(Store store) {
    this.store = store;
  }

  /** Every checkpoint's number, ascending. */
  public List<Long> numbers() {
    List<Long> numbers = new ArrayList<>();
    for (ObjectInfo o : store.list(Keys.CHECKPOINTS, null)) {
      long n = Keys.checkpointNumberOf(o.key());
      if (n > 0) {
        numbers.add(n);
      }
    }
    return numbers;
  }

  public Documents.Decoded<CheckpointDoc> read(long number) {
    return store.requireDocument(Keys.checkpoint(number), Format.CHECKPOINT, CheckpointDoc.class);
  }

  /** The heads a checkpoint seals (key to checksum), verified against the digest it names. */
  public Map<String, String> heads(CheckpointDoc doc) {
    byte[] bytes = store.readNamed(doc.heads(), doc.headsDigest(), "the heads list checkpoint " + doc.number()
        + " names is missing", "checkpoint " + doc.number());
    return decodeHeads(doc.heads(), bytes, doc.headCount());
  }

  /** The heads list's bytes: one {@code key checksum} line per head, in key order. */
  public static byte[] encodeHeads(Map<String, String> heads) {
    StringBuilder out = new StringBuilder(heads.size() * 120);
    new TreeMap<>(heads).forEach((key, checksum) -> out.append(key).append(' ').append(checksum).append('\n'));
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static Map<String, String> decodeHeads(String key, byte[] bytes, long count) {
    Map<String, String> heads = new HashMap<>((int) Math.min(count * 4 / 3 + 1, 1 << 24));
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int from = 0;
    while (from < text.length()) {
      int end = text.indexOf('\n', from);
      int space = text.indexOf(' ', from);
      if (end < 0 || space < from || space > end) {
        throw new CorruptObjectException(key, "is not a list of 'key checksum' lines");
      }
      heads.put(text.substring(from, space), text.substring(space + 1, end));
      from = end + 1;
    }
    if (heads.size() != count) {
      throw new CorruptObjectException(key, "lists " + heads.size() + " heads, not the " + count
          + " its checkpoint names");
    }
    return heads;
  }

  /** Stores the heads list; it is named by its digest, so another seal's identical list is the same object. */
  public String putHeads(byte[] heads) {
    String key = Keys.checkpointHeads(Sha256.of(heads));
    store.retry().run(() -> store.backend().putIfAbsent(key, Payload.of(heads)));
    return key;
  }

  /** True if this call's checkpoint now holds its number; false if another seal took it first. */
  public boolean commit(CheckpointDoc doc) {
    return store.commit(Keys.checkpoint(doc.number()), Documents.encode(Format.CHECKPOINT, doc), true).ours();
  }

}
