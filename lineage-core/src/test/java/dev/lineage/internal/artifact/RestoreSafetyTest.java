package dev.lineage.internal.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.internal.hash.DirectoryManifest;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.Store;
import dev.lineage.spi.Payload;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring never writes outside the target, whatever a stored manifest says, and never restores bad bytes. */
class RestoreSafetyTest {
  @TempDir Path dir;
  private final InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/restore"));
  private final ArtifactStore store = new ArtifactStore(Store.open(backend, java.time.Clock.systemUTC()).blobs(),
      HashCache.inMemory());
  private static final dev.lineage.internal.store.BlobObjects.ReuseGuard NO_MAINTENANCE = () -> false;

  private Artifact storeRawManifest(String path, byte[] content) {
    Digest contentDigest = Sha256.of(content);
    backend.putIfAbsent(Keys.blob(contentDigest), Payload.of(content));
    byte[] manifest = (DirectoryManifest.HEADER + "\n" + path.getBytes(StandardCharsets.UTF_8).length + ":" + path
        + " " + content.length + " " + contentDigest.hex() + "\n").getBytes(StandardCharsets.UTF_8);
    Digest digest = Sha256.of(manifest);
    backend.putIfAbsent(Keys.blob(digest), Payload.of(manifest));
    return new Artifact(digest, ArtifactKind.DIRECTORY, content.length, Optional.empty());
  }

  @Test
  void aManifestNamingAParentPathIsRefused() {
    Artifact evil = storeRawManifest("../escaped.txt", "pwned".getBytes(StandardCharsets.UTF_8));
    // A stored manifest that breaks the rules is a damaged object, not a mistake in the caller's call.
    dev.lineage.CorruptObjectException e = assertThrows(dev.lineage.CorruptObjectException.class,
        () -> store.restore(evil, dir.resolve("target")));
    assertEquals(Keys.blob(evil.digest()), e.key());
    assertFalse(Files.exists(dir.resolve("escaped.txt")));
  }

  @Test
  void aSymlinkInsideTheTargetCannotRedirectWrites() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.createSymbolicLink(target.resolve("sub"), outside);
    Artifact artifact = storeRawManifest("sub/file.txt", "data".getBytes(StandardCharsets.UTF_8));
    assertThrows(InvalidInputException.class, () -> store.restore(artifact, target));
    assertFalse(Files.exists(outside.resolve("file.txt")));
  }

  @Test
  void corruptBlobsAreNeverRestored() throws IOException {
    Path file = Files.writeString(dir.resolve("model.bin"), "weights");
    Artifact artifact = store.store(file, "model", NO_MAINTENANCE);
    String key = Keys.blob(artifact.digest());
    backend.delete(key);
    byte[] bad = "wEights".getBytes(StandardCharsets.UTF_8);
    backend.putIfAbsent(key, Payload.of(bad));
    Path target = dir.resolve("restored.bin");
    dev.lineage.CorruptObjectException e = assertThrows(dev.lineage.CorruptObjectException.class,
        () -> store.restore(artifact, target));
    assertEquals(key, e.key());
    assertFalse(Files.exists(target), "nothing is left at the target");
    assertEquals(java.util.Optional.empty(), backend.stat(key), "the proven-corrupt blob is moved aside");
    assertEquals(bad.length, backend.stat(Keys.quarantine(artifact.digest(), Sha256.of(bad))).orElseThrow().size(),
        "and kept in quarantine, not deleted");
  }

  @Test
  void symlinksInsideDirectoriesFollowTheDocumentedPolicy() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Path real = Files.writeString(dir.resolve("real.txt"), "real");
    Files.createSymbolicLink(tree.resolve("link.txt"), real);
    Artifact artifact = store.store(tree, null, NO_MAINTENANCE);
    Path out = store.restore(artifact, dir.resolve("out"));
    assertEquals("real", Files.readString(out.resolve("link.txt")), "a link to a file is stored as its content");

    Files.createSymbolicLink(tree.resolve("dirlink"), dir);
    assertThrows(InvalidInputException.class, () -> store.store(tree, null, NO_MAINTENANCE), "links to directories are refused");
    Files.delete(tree.resolve("dirlink"));
    Files.createSymbolicLink(tree.resolve("broken"), dir.resolve("nothing"));
    assertThrows(InvalidInputException.class, () -> store.store(tree, null, NO_MAINTENANCE), "broken links are refused");
  }
}
