package dev.lineage.internal.store;

import dev.lineage.ConflictException;
import dev.lineage.StorageException;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Put-if-absent of a small document, idempotent: if the key already holds exactly these bytes (an earlier
 * attempt whose outcome was unknown did land), that is success; any other content is a conflict.
 */
public final class PutOnce {
  private PutOnce() {}

  /** Returns true if this call created the object, false if identical content was already there. */
  public static boolean put(StorageBackend backend, String key, byte[] bytes) {
    if (backend.putIfAbsent(key, Payload.of(bytes)) == PutResult.CREATED) {
      return true;
    }
    byte[] existing = read(backend, key);
    if (!Arrays.equals(existing, bytes)) {
      throw new ConflictException("object " + key + " already exists with other content");
    }
    return false;
  }

  public static byte[] read(StorageBackend backend, String key) {
    try (InputStream in = backend.get(key).orElseThrow(
        () -> new StorageException("object " + key + " vanished after put-if-absent reported it exists"))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("cannot read " + key, e);
    }
  }
}
