package dev.lineage.storage.fs;

import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import dev.lineage.testkit.ForwardingBackend;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code checkthenwrite:/path}: a folder whose put-if-absent of a doctor's process-race key checks, waits 300 ms,
 * then writes, as a service without an atomic conditional put does; reachable by URI, so that the store doctor's
 * racer processes open it too (this test class path holds the provider).
 */
public final class CheckThenWriteProvider implements StorageProvider {
  @Override
  public String scheme() {
    return "checkthenwrite";
  }

  @Override
  public StorageBackend open(URI uri) {
    return new ForwardingBackend(FileSystemBackend.open(Path.of(uri.getPath()))) {
      @Override
      public URI uri() {
        return uri; // what the doctor's racer processes open
      }

      @Override
      public PutResult putIfAbsent(String key, Payload payload) {
        if (!key.contains("/race-processes/")) {
          return delegate.putIfAbsent(key, payload);
        }
        if (delegate.stat(key).isPresent()) {
          return PutResult.ALREADY_EXISTS;
        }
        try {
          Thread.sleep(300); // the window in which another writer also finds the key absent
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        delegate.delete(key);
        delegate.putIfAbsent(key, payload);
        return PutResult.CREATED;
      }
    };
  }
}
