package dev.lineage.internal.store;

import dev.lineage.Digest;
import dev.lineage.StorageException;
import dev.lineage.internal.artifact.Sha256;
import dev.lineage.spi.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

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

  public Optional<byte[]> read(String key) {
    return store.read(key);
  }

  /** An object's SHA-256 and length, streamed. */
  public record Hashed(Digest digest, long bytes) {}

  public Optional<Hashed> hash(String key) {
    Optional<Path> local = store.backend().localFile(key);
    if (local.isPresent()) {
      return Retry.run(() -> hash(key, local.get()));
    }
    return Retry.run(() -> store.backend().get(key).map(in -> hash(key, in)));
  }

  /**
   * A local file is hashed through its channel into native memory, which the digest reads in cache-sized pieces:
   * no copy through a heap buffer, and 10-20% faster than the stream on a store of large blobs
   * (docs/benchmarks.md, {@code cli}).
   */
  private static Optional<Hashed> hash(String key, Path file) {
    MessageDigest md = Sha256.newDigest();
    long total = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(channel.size() + 1, LOCAL_BUFFER));
      while (channel.read(buffer.clear()) > 0) {
        total += buffer.flip().remaining();
        md.update(buffer);
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
    }
    return Optional.of(new Hashed(Sha256.toDigest(md.digest()), total));
  }

  private static final int LOCAL_BUFFER = 256 << 10;

  private static Hashed hash(String key, InputStream stream) {
    MessageDigest md = Sha256.newDigest();
    byte[] buffer = new byte[1 << 20];
    long total = 0;
    try (InputStream in = stream) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
        total += n;
      }
    } catch (IOException e) {
      throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
    }
    return new Hashed(Sha256.toDigest(md.digest()), total);
  }

  /** Decodes a document as its key says it is; a corrupt or unsupported one throws naming the key. */
  public <T> T decode(String key, Format format, Class<T> type) {
    return store.requireDocument(key, format, type).doc();
  }

  /** Deletes an object; garbage collection's alone. */
  public boolean delete(String key) {
    return store.delete(key);
  }
}
