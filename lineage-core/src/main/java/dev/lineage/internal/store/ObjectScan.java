package dev.lineage.internal.store;

import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Object-level access for maintenance, which must look at every object as it is: list, read, hash, decode by
 * format, and (for garbage collection alone) delete.
 */
public final class ObjectScan {
  private final Store store;

  ObjectScan(Store store) {
    this.store = store;
  }

  public List<ObjectInfo> list(String prefix) {
    return store.list(prefix, null);
  }

  /** Every object, a page at a time as listed, for a scan that starts on the first before the last are listed. */
  public void listPages(Consumer<List<ObjectInfo>> pages) {
    store.listPages("", null, pages);
  }

  /** Every object under {@code prefix}, a page at a time as listed. */
  public void listPages(String prefix, Consumer<List<ObjectInfo>> pages) {
    store.listPages(prefix, null, pages);
  }

  public Optional<byte[]> read(String key) {
    return store.read(key);
  }

  /** An object's SHA-256 and length: a local file through its channel, any other object streamed. */
  public Optional<Sha256.Hashed> hash(String key) {
    Optional<Path> local = store.backend().localFile(key);
    if (local.isPresent()) {
      return store.retry().run(() -> {
        try {
          return Optional.of(Sha256.hash(local.get()));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        } catch (IOException e) {
          throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
      });
    }
    return store.retry().run(() -> store.backend().get(key).map(stream -> {
      try (InputStream in = stream) {
        return Sha256.hash(in);
      } catch (IOException e) {
        throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
      }
    }));
  }

  /** Decodes a document as its key says it is; a corrupt or unsupported one throws naming the key. */
  public <T> Documents.Decoded<T> decode(String key, Format format, Class<T> type) {
    return store.requireDocument(key, format, type);
  }

  /** Deletes an object; garbage collection's alone. */
  public boolean delete(String key) {
    return store.delete(key);
  }
}
