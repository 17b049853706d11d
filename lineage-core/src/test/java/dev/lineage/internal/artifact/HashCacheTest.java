package dev.lineage.internal.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lineage.Digest;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {
  @TempDir static Path dir;
  static Path settled;

  /** Entries are only recorded for files older than the racy window: a clock past it, instead of waiting. */
  private static final java.util.function.LongSupplier PAST_THE_WINDOW =
      () -> System.currentTimeMillis() + HashCache.RACY_MILLIS + 200;

  @BeforeAll
  static void settle() throws Exception {
    settled = Files.writeString(dir.resolve("settled.bin"), "original content");
  }

  @Test
  void anUnchangedFileIsNotReadAgainEvenByAnotherJvm() throws IOException {
    Path cacheDir = dir.resolve("cache-a");
    HashCache first = HashCache.open(cacheDir, PAST_THE_WINDOW);
    Digest digest = first.digest(settled);
    assertEquals(Sha256.of(settled), digest);
    assertEquals(1, first.reads());
    first.digest(settled);
    assertEquals(1, first.reads(), "served from memory");
    HashCache second = HashCache.open(cacheDir, PAST_THE_WINDOW); // what a new JVM would load from disk
    assertEquals(digest, second.digest(settled));
    assertEquals(0, second.reads(), "served from the persisted entry");
  }

  @Test
  void aRewriteWithTheSameSizeAndARestoredMtimeIsDetected() throws Exception {
    Path file = Files.writeString(dir.resolve("tricky.bin"), "aaaa-content");
    FileTime mtime = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(file, mtime);
    HashCache cache = HashCache.open(dir.resolve("cache-b"), PAST_THE_WINDOW);
    Digest before = cache.digest(file);
    assertEquals(1, cache.reads());
    cache.digest(file);
    assertEquals(1, cache.reads(), "cached once settled");

    Files.writeString(file, "bbbb-content"); // same size
    Files.setLastModifiedTime(file, mtime); // mtime put back; ctime cannot be
    Digest after = cache.digest(file);
    assertNotEquals(before, after, "a changed file never gets its old digest");
    assertEquals(Sha256.of("bbbb-content".getBytes(StandardCharsets.UTF_8)), after);
  }

  @Test
  void aFreshlyWrittenFileIsNotCachedWithinTheRacyWindow() throws IOException {
    HashCache cache = HashCache.open(dir.resolve("cache-c"));
    Path fresh = Files.writeString(dir.resolve("fresh.bin"), "just written");
    cache.digest(fresh);
    cache.digest(fresh);
    assertEquals(2, cache.reads(), "a file written in the same tick as its hash could change unseen");
  }

  @Test
  void aCorruptCacheFileStartsEmptyInsteadOfFailing() throws IOException {
    Path cacheDir = Files.createDirectories(dir.resolve("cache-d"));
    Files.writeString(cacheDir.resolve("file-digests-v1.tsv"), "garbage\tline\n\u0000\u0001\n" + settled + "\t1\t2\t3\t4\t5\t6\tnot-hex\n");
    HashCache cache = HashCache.open(cacheDir);
    assertEquals(Sha256.of(settled), cache.digest(settled));
    assertEquals(1, cache.reads());
  }

  @Test
  void theCacheFileIsReadAtTheFirstLookupNotWhenOpened() throws IOException {
    Path cacheDir = dir.resolve("cache-e");
    HashCache writer = HashCache.open(cacheDir, PAST_THE_WINDOW);
    Digest digest = writer.digest(settled);
    Path file = cacheDir.resolve("file-digests-v1.tsv");
    byte[] entry = Files.readAllBytes(file);
    Files.delete(file);
    HashCache reader = HashCache.open(cacheDir); // a Lineage that may never hash a file reads nothing here
    Files.write(file, entry); // what another JVM persisted after this one opened its cache
    assertEquals(digest, reader.digest(settled));
    assertEquals(0, reader.reads(), "served from the entry on disk at the first lookup");
    HashCache.open(dir.resolve("cache-never-used"));
    assertEquals(false, Files.exists(dir.resolve("cache-never-used")), "an unused cache creates no directory");
  }
}
