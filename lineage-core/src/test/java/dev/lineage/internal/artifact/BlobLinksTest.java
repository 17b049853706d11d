package dev.lineage.internal.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.internal.store.ForwardingMemoryBackend;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.internal.store.Store;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step hit's restore as a hard link to the store's blob file: only to a verified, read-only blob, and only in
 * a process that read-only stops; otherwise a copy. Runs over a backend that keeps each object as a file.
 */
class BlobLinksTest {
  @TempDir Path dir;

  /** The in-memory backend, each object also kept as a file under {@code files}, as the filesystem backend does. */
  private static final class FilesBackend extends ForwardingMemoryBackend {
    private final Path files;

    FilesBackend(Path files) {
      super(new InMemoryBackend(URI.create("mem:/links")));
      this.files = files;
    }

    @Override
    public Optional<Path> localFile(String key) {
      Path file = files.resolve(key);
      return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public PutResult putIfAbsent(String key, Payload payload) {
      PutResult result = objects.putIfAbsent(key, payload);
      try (InputStream in = objects.get(key).orElseThrow()) {
        Path file = files.resolve(key);
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
          Files.copy(in, file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return result;
    }
  }

  private ArtifactStore artifacts(Boolean permissionsBind) {
    return new ArtifactStore(Store.open(new FilesBackend(dir.resolve("store")), Clock.systemUTC()).blobs(),
        HashCache.inMemory(), permissionsBind);
  }

  private static boolean root(Path dir) throws IOException {
    Path probe = Files.createTempFile(dir, "owner", ".tmp");
    return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
  }

  private static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  @Test
  void aHitLinksToTheVerifiedBlobAndNeitherCanBeWritten() throws IOException {
    ArtifactStore store = artifacts(true); // as a non-root process finds
    Path model = Files.writeString(dir.resolve("model.bin"), "weights");
    Artifact a = store.store(model, "model", () -> false);
    Path blob = dir.resolve("store").resolve(dev.lineage.internal.store.Keys.blob(a.digest()));

    Path restored = store.restoreForReading(a, dir.resolve("work/model.bin"));
    assertEquals("weights", Files.readString(restored));
    assertEquals(inode(blob), inode(restored), "a hard link: nothing was copied");
    for (Path p : new Path[] {blob, restored}) {
      assertFalse(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_WRITE), p.toString());
      assertFalse(Files.getPosixFilePermissions(p).contains(PosixFilePermission.GROUP_WRITE), p.toString());
      assertFalse(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_WRITE), p.toString());
    }
    if (!root(dir)) {
      assertThrows(AccessDeniedException.class, () -> Files.writeString(restored, "overwritten"),
          "the user's write through the link is refused");
      assertEquals("weights", Files.readString(blob));
    }

    Path user = store.restore(a, dir.resolve("mine/model.bin"));
    assertTrue(inode(blob) != null && !inode(blob).equals(inode(user)), "a user's own restore is always a copy");
  }

  @Test
  void aBlobFileThatIsNotItsDigestIsNeverLinked() throws IOException {
    ArtifactStore store = artifacts(true);
    Artifact a = store.store(Files.writeString(dir.resolve("model.bin"), "weights"), "model", () -> false);
    Path blob = dir.resolve("store").resolve(dev.lineage.internal.store.Keys.blob(a.digest()));
    Files.writeString(blob, "tampered"); // the file only: the store still serves the right bytes

    Path restored = store.restoreForReading(a, dir.resolve("work/model.bin"));
    assertFalse(inode(blob).equals(inode(restored)), "not linked");
    assertEquals("weights", Files.readString(restored), "a verified copy instead");
  }

  @Test
  void aProcessThatPermissionsDoNotStopCopies() throws IOException {
    ArtifactStore store = artifacts(null); // finds out: root is not stopped by a read-only mode
    Artifact a = store.store(Files.writeString(dir.resolve("model.bin"), "weights"), "model", () -> false);
    Path blob = dir.resolve("store").resolve(dev.lineage.internal.store.Keys.blob(a.digest()));
    Path restored = store.restoreForReading(a, dir.resolve("work/model.bin"));
    assertEquals("weights", Files.readString(restored));
    assertEquals(!root(dir), inode(blob).equals(inode(restored)), "linked exactly when not root");
  }
}
