package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filesystem-specific promises: content stored once, and crash leftovers cleaned up. */
class FileSystemStoreTest {
  @TempDir Path dir;

  @Test
  void identicalContentIsStoredOnce() throws IOException {
    Path store = dir.resolve("store");
    Path a = Files.writeString(dir.resolve("a.csv"), "same bytes");
    Path b = Files.writeString(dir.resolve("b.csv"), "same bytes");
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("copy.csv"), "same bytes");
    // It counts blobs: a dirty checkout's diff, which each run records by default, would be one more.
    try (Lineage lineage = Lineage.builder().store(store.toString()).recordCode(false).build()) {
      try (Run first = lineage.newRun("first")) {
        first.use(a);
        first.use(b);
      }
      try (Run second = lineage.newRun("second")) {
        second.use(a);
        second.use(tree); // its one file is the same content again; only the manifest is new
      }
    }
    try (Stream<Path> blobs = Files.walk(store.resolve("blobs"))) {
      assertEquals(2, blobs.filter(Files::isRegularFile).count(), "one content blob and one manifest");
    }
  }

  @Test
  void orphanedTempFilesAreRemovedOnceOldAndNeverListed() throws IOException {
    Path root = dir.resolve("store");
    FileSystemBackend.open(root).close();
    Files.createDirectories(root.resolve(".tmp")); // what a writer that crashed mid-put left behind
    Path old = Files.writeString(root.resolve(".tmp/crashed.part"), "half an object");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path young = Files.writeString(root.resolve(".tmp/in-flight.part"), "another process is writing this");
    FileSystemBackend backend = FileSystemBackend.open(root);
    assertFalse(Files.exists(old), "an hour-old temp file is an orphan");
    assertTrue(Files.exists(young), "a fresh temp file may belong to a live writer");
    assertTrue(backend.listAll("").isEmpty(), "temp files are never listed");
  }
}
