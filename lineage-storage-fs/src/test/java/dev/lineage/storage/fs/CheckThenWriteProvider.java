package dev.lineage.storage.fs;

import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import dev.lineage.testkit.ForwardingBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * {@code checkthenwrite:/path}: a folder whose put-if-absent of a doctor's process-race key checks, then writes,
 * as a service without an atomic conditional put does; reachable by URI, so that the store doctor's racer
 * processes open it too (this test class path holds the provider). The racers of a key hand-shake between the
 * check and the write (each leaves a file saying it checked, and writes once all have), so that every one of them
 * finds the key absent every time, not when the timing happens to allow it.
 */
public final class CheckThenWriteProvider implements StorageProvider {
  /** The doctor's racers of one key: this process and its two racer processes. */
  private static final int RACERS = 3;

  @Override
  public String scheme() {
    return "checkthenwrite";
  }

  @Override
  public StorageBackend open(URI uri) {
    Path folder = Path.of(uri.getPath());
    Path checked = folder.resolveSibling(folder.getFileName() + ".checked");
    return new ForwardingBackend(FileSystemBackend.open(folder)) {
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
        awaitEveryCheck(checked.resolve(key.replace('/', '_')));
        delegate.delete(key);
        delegate.putIfAbsent(key, payload);
        return PutResult.CREATED;
      }
    };
  }

  /** Says this racer checked, then waits until every racer of the key has said so. */
  private static void awaitEveryCheck(Path marks) {
    try {
      Files.createDirectories(marks);
      Files.createFile(marks.resolve(UUID.randomUUID().toString()));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (countOf(marks) < RACERS) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the racers of " + marks + " did not all check within 10 s");
        }
        Thread.sleep(5); // the next look for the other racers' files: processes share no latch
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while racing", e);
    }
  }

  private static long countOf(Path marks) throws IOException {
    try (var files = Files.list(marks)) {
      return files.count();
    }
  }
}
