package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Index snapshots: table files, then a manifest put once as the commit point (docs/lineage-index.md). */
public final class IndexObjects {
  private final Store store;

  IndexObjects(Store store) {
    this.store = store;
  }

  /** The manifest under {@code key}, verified. */
  public IndexManifestDoc manifest(String key) {
    IndexManifestDoc m = store.requireDocument(key, Format.INDEX, IndexManifestDoc.class).doc();
    if (m.seq() != Keys.indexSeqOf(key)) {
      throw new CorruptObjectException(key, "names snapshot " + m.seq() + ", not its own number");
    }
    return m;
  }

  /** Manifest keys in ascending snapshot order. */
  public List<String> manifestKeys() {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo o : store.list(Keys.INDEX, null)) {
      if (Keys.indexSeqOf(o.key()) >= 0) {
        keys.add(o.key());
      }
    }
    keys.sort(Comparator.comparingLong(Keys::indexSeqOf));
    return keys;
  }

  public IndexManifestDoc.TableRef putTable(long seq, String publisher, String table, Path file) {
    String key = Keys.indexTable(seq, publisher, table);
    try {
      String digest = Sha256.of(file).toString();
      long bytes = Files.size(file);
      store.retry().run(() -> store.backend().putIfAbsent(key, Payload.of(file))); // a fresh publisher id: never contended
      return new IndexManifestDoc.TableRef(key, digest, bytes);
    } catch (IOException e) {
      throw new StorageException("cannot read index table file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A table's bytes, verified against the digest its manifest names. */
  public byte[] table(IndexManifestDoc.TableRef ref) {
    return store.readNamed(ref.key(), ref.digest(), "the index table its manifest names is missing",
        "its manifest");
  }

  /** True if this call's manifest is the snapshot of its number. */
  public boolean publish(IndexManifestDoc manifest) {
    return store.commit(Keys.indexManifest(manifest.seq()), Documents.encode(Format.INDEX, manifest), true).ours();
  }
}
