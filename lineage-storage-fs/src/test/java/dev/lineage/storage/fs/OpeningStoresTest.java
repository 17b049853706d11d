package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store is never a surprise: a folder of someone's files is not made a store, and bad URIs are typed. */
class OpeningStoresTest {
  @TempDir Path dir;

  @Test
  void aNonEmptyFolderThatIsNotAStoreIsRefusedAndLeftUntouched() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("thesis.tex"), "\\documentclass{article}");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Lineage.open(home.toString()));
    assertEquals("store", e.field());
    assertTrue(e.getMessage().contains("not a Lineage store"), e.getMessage());
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(List.of(home.resolve("thesis.tex")), files.toList(), "nothing was written into it");
    }
  }

  @Test
  void anEmptyOrMissingFolderBecomesAStoreAndOpensAgain() throws Exception {
    Path store = dir.resolve("new-store");
    Lineage.open(store.toString()).close();
    assertTrue(Files.exists(store.resolve("lineage-store.json")));
    Lineage.open(store.toString()).close();
  }

  @Test
  void aRelativeFileUriIsATypedErrorThatSaysWhatToPass() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Lineage.open("file:relative/store"));
    assertEquals("store", e.field());
    assertTrue(e.getMessage().contains("relative/store"), e.getMessage());
  }

  @Test
  void aStorePathThatIsAFileIsATypedError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Lineage.open(file.toString()));
    assertEquals("store", e.field());
  }

  @Test
  void aLookOnlyOpenOfAMissingStoreIsNotFoundAndCreatesNothing() {
    Path missing = dir.resolve("typo-store");
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> Lineage.builder().store(missing.toString()).createStore(false).build());
    assertTrue(e.getMessage().contains("no Lineage store"), e.getMessage());
    assertFalse(Files.exists(missing), "no directory was made for a store that is only looked at");
  }

  @Test
  void aLookOnlyOpenOfAnEmptyFolderLeavesItEmptyAndOfAStoreWorks() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThrows(NotFoundException.class, () -> Lineage.builder().store(empty.toString()).createStore(false).build());
    try (Stream<Path> files = Files.list(empty)) {
      assertEquals(List.of(), files.toList());
    }
    Lineage.open(empty.toString()).close();
    Lineage.builder().store(empty.toString()).createStore(false).build().close();
  }
}
