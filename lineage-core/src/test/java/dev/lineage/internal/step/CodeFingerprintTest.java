package dev.lineage.internal.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import dev.lineage.internal.store.InMemoryBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {
  @TempDir Path dir;
  private final CodeFingerprint fingerprint = new CodeFingerprint(
      new ArtifactStore(dev.lineage.internal.store.Store.open(new InMemoryBackend(URI.create("mem:/fp")),
          java.time.Clock.systemUTC()).blobs(), HashCache.inMemory()));

  @Test
  void defaultsToTheDigestOfTheCodeLocationAndIsStable() {
    String a = fingerprint.of(null, Set.of(CodeFingerprintTest.class), Set.of());
    assertTrue(a.startsWith("sha256:"));
    assertEquals(a, fingerprint.of(null, Set.of(CodeFingerprintTest.class), Set.of()));
    assertNotEquals(a, fingerprint.of(null, Set.of(CodeFingerprintTest.class, org.junit.jupiter.api.Test.class),
        Set.of()), "widening with another jar changes it");
  }

  @Test
  void extraFilesWidenItAndAnyChangeToThemIsAMiss() throws IOException {
    Path script = Files.writeString(dir.resolve("prepare.py"), "print('v1')");
    String before = fingerprint.of(null, Set.of(CodeFingerprintTest.class), Set.of(script));
    Files.writeString(script, "print('v2')");
    assertNotEquals(before, fingerprint.of(null, Set.of(CodeFingerprintTest.class), Set.of(script)));
  }

  @Test
  void aPinnedVersionReplacesTheDigest() {
    assertEquals("pinned:2024-06", fingerprint.of("2024-06", Set.of(CodeFingerprintTest.class), Set.of()));
  }

  @Test
  void codeWithNoLocationMustBePinned() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> fingerprint.of(null, Set.of(String.class), Set.of()));
    assertEquals("step code", e.field());
  }
}
