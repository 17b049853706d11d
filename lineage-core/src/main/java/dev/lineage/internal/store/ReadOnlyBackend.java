package dev.lineage.internal.store;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The backend of a store opened read-only: reads pass through, every write is refused before it reaches the
 * backend, so no code path of a read-only Lineage can change the store, whatever it calls.
 */
final class ReadOnlyBackend implements StorageBackend {
  private final StorageBackend backend;

  ReadOnlyBackend(StorageBackend backend) {
    this.backend = backend;
  }

  static InvalidInputException refused(String what) {
    return new InvalidInputException("store", "was opened read-only (Lineage.openReadOnly), so " + what
        + " is refused; open it with Lineage.open to write");
  }

  @Override
  public URI uri() {
    return backend.uri();
  }

  @Override
  public Optional<InputStream> get(String key) {
    return backend.get(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return backend.stat(key);
  }

  @Override
  public Optional<Path> localFile(String key) {
    return backend.localFile(key);
  }

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    throw refused("writing " + key);
  }

  @Override
  public Optional<ContentPut> putContent(Payload payload, Function<Digest, String> keyOf) {
    throw refused("storing content");
  }

  @Override
  public ListPage list(String prefix, String startAfter, int maxKeys) {
    return backend.list(prefix, startAfter, maxKeys);
  }

  @Override
  public List<ObjectInfo> listAll(String prefix, String startAfter) {
    return backend.listAll(prefix, startAfter);
  }

  @Override
  public void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
    backend.listPages(prefix, startAfter, pages);
  }

  @Override
  public boolean delete(String key) {
    throw refused("deleting " + key);
  }

  @Override
  public void close() {
    backend.close();
  }
}
