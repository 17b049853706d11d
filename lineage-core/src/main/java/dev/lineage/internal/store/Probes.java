package dev.lineage.internal.store;

import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The store doctor's probe objects, under {@code doctor/{id}/} alone: the backend's own answers, each call made
 * once and never retried or read back, because the doctor examines what the storage service does, not what the
 * store layer makes of it (docs/s3.md, "The store doctor"). Garbage collection removes what a doctor that died
 * left behind.
 */
public final class Probes {
  private final Store store;

  Probes(Store store) {
    this.store = store;
  }

  private static String checked(String key) {
    if (!key.startsWith(Keys.DOCTOR)) {
      throw new IllegalArgumentException("not a probe key: " + key);
    }
    return key;
  }

  public PutResult put(String key, Payload payload) {
    return store.backend().putIfAbsent(checked(key), payload);
  }

  public Optional<byte[]> get(String key) {
    return store.backend().get(checked(key)).map(in -> {
      try (InputStream s = in) {
        return s.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The object's content as a stream, for one too large to hold. */
  public Optional<InputStream> open(String key) {
    return store.backend().get(checked(key));
  }

  public Optional<ObjectInfo> stat(String key) {
    return store.backend().stat(checked(key));
  }

  public ListPage list(String prefix, String startAfter, int maxKeys) {
    return store.backend().list(checked(prefix), startAfter, maxKeys);
  }

  public List<ObjectInfo> listAll(String prefix) {
    return store.backend().listAll(checked(prefix));
  }

  public boolean delete(String key) {
    return store.backend().delete(checked(key));
  }
}
