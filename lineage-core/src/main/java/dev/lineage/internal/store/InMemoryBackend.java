package dev.lineage.internal.store;

import dev.lineage.StorageException;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A backend in this instance's heap, for tests; its objects live and die with the instance. */
public final class InMemoryBackend implements StorageBackend {
  private final URI uri;
  private final ConcurrentNavigableMap<String, Stored> objects = new ConcurrentSkipListMap<>();

  /** An object's bytes and when they were stored. */
  private record Stored(byte[] bytes, Instant at) {}

  public InMemoryBackend(URI uri) {
    this.uri = uri;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public Optional<InputStream> get(String key) {
    Stored stored = objects.get(StorageKeys.check(key));
    return stored == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(stored.bytes()));
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Stored stored = objects.get(StorageKeys.check(key));
    return stored == null ? Optional.empty() : Optional.of(info(key, stored));
  }

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    StorageKeys.check(key);
    if (objects.containsKey(key)) {
      return PutResult.ALREADY_EXISTS;
    }
    byte[] bytes;
    try (InputStream in = payload.open()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("cannot read payload for " + key, e);
    }
    return objects.putIfAbsent(key, new Stored(bytes, Instant.now())) == null ? PutResult.CREATED
        : PutResult.ALREADY_EXISTS;
  }

  @Override
  public ListPage list(String prefix, String startAfter, int maxKeys) {
    StorageKeys.checkPrefix(prefix);
    if (maxKeys < 1) {
      throw new dev.lineage.InvalidInputException("maxKeys", "must be >= 1, was " + maxKeys);
    }
    ConcurrentNavigableMap<String, Stored> tail = startAfter == null || startAfter.compareTo(prefix) < 0
        ? objects.tailMap(prefix, true)
        : objects.tailMap(startAfter, false);
    List<ObjectInfo> page = new ArrayList<>();
    for (Map.Entry<String, Stored> e : tail.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (page.size() == maxKeys) {
        return new ListPage(page, Optional.of(page.get(page.size() - 1).key()));
      }
      page.add(info(e.getKey(), e.getValue()));
    }
    return new ListPage(page, Optional.empty());
  }

  private static ObjectInfo info(String key, Stored stored) {
    return new ObjectInfo(key, stored.bytes().length, Optional.of(stored.at()));
  }

  @Override
  public boolean delete(String key) {
    return objects.remove(StorageKeys.check(key)) != null;
  }

  @Override
  public void close() {}
}
