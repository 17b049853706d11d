package dev.lineage.testkit;

import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A backend that forwards every operation to another: the base for test doubles that change one of them.
 *
 * @since 0.1.0
 */
public class ForwardingBackend implements StorageBackend {
  /** The backend every call goes to unless a subclass overrides it. */
  protected final StorageBackend delegate;

  /** A backend that forwards every call to {@code delegate}. */
  public ForwardingBackend(StorageBackend delegate) {
    this.delegate = delegate;
  }

  /** The same objects, for a second Lineage that must not close the first one's backend. */
  public static StorageBackend unclosed(StorageBackend backend) {
    return new ForwardingBackend(backend) {
      @Override
      public void close() {}
    };
  }

  @Override
  public URI uri() {
    return delegate.uri();
  }

  @Override
  public Optional<InputStream> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public Optional<java.nio.file.Path> localFile(String key) {
    return delegate.localFile(key);
  }

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    return delegate.putIfAbsent(key, payload);
  }

  @Override
  public ListPage list(String prefix, String startAfter, int maxKeys) {
    return delegate.list(prefix, startAfter, maxKeys);
  }

  @Override
  public void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
    delegate.listPages(prefix, startAfter, pages);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
