package dev.lineage.internal.store;

import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * An in-memory backend that passes every call on, for a core test that changes one behaviour by overriding one
 * method (core's tests cannot use the testkit's {@code ForwardingBackend}).
 */
public class ForwardingMemoryBackend implements StorageBackend {
  protected final InMemoryBackend objects;

  public ForwardingMemoryBackend(InMemoryBackend objects) {
    this.objects = objects;
  }

  @Override
  public URI uri() {
    return objects.uri();
  }

  @Override
  public Optional<InputStream> get(String key) {
    return objects.get(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return objects.stat(key);
  }

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    return objects.putIfAbsent(key, payload);
  }

  @Override
  public ListPage list(String prefix, String startAfter, int maxKeys) {
    return objects.list(prefix, startAfter, maxKeys);
  }

  @Override
  public boolean delete(String key) {
    return objects.delete(key);
  }

  @Override
  public void close() {
    objects.close();
  }
}
