package dev.lineage.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.query.RunQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension gives each test its own store, shared with its lifecycle methods, and closes it after. */
@LineageTest
class LineageExtensionTest {
  private Lineage before;
  private static Lineage previous;

  @BeforeEach
  void remember(Lineage lineage) {
    before = lineage;
  }

  @Test
  void oneStorePerTestSharedWithItsLifecycleMethods(Lineage lineage) {
    assertSame(before, lineage);
    assertTrue(lineage.runs(RunQuery.all()).isEmpty(), "a fresh store");
    lineage.run("one", run -> null);
    assertEquals(1, lineage.runs(RunQuery.all()).size());
  }

  @Test
  void anotherTestGetsAnotherStore(Lineage lineage) {
    assertTrue(lineage.runs(RunQuery.all()).isEmpty());
  }

  @AfterEach
  void after(Lineage lineage) {
    assertSame(before, lineage);
    if (previous != null) {
      Lineage closed = previous;
      assertThrows(InvalidInputException.class, () -> closed.newRun("after"), "closed after its test");
    }
    previous = lineage;
  }

  @Test
  void aStoreNamedByThePropertyIsOpenedInstead(@TempDir Path dir) {
    Path store = dir.resolve("ci-store");
    try (Lineage first = Lineage.open(store.toString())) {
      first.run("written-by-ci", run -> null);
    }
    System.setProperty(LineageExtension.STORE_PROPERTY, store.toString());
    try (Lineage opened = LineageExtension.open()) {
      assertEquals(store.toUri(), opened.store());
      assertEquals("written-by-ci", opened.runs(RunQuery.all()).get(0).name(), "the rules see the real store");
    } finally {
      System.clearProperty(LineageExtension.STORE_PROPERTY);
    }
    System.setProperty(LineageExtension.STORE_PROPERTY, "nosuchscheme://x");
    try {
      InvalidInputException e = assertThrows(InvalidInputException.class, LineageExtension::open);
      assertEquals("store", e.field());
    } finally {
      System.clearProperty(LineageExtension.STORE_PROPERTY);
    }
  }
}
