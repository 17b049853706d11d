package dev.lineage.internal.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.StorageException;
import dev.lineage.internal.store.ForwardingMemoryBackend;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.query.RunQuery;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A listing that fails between pages, as a request for a later page of an object store can, resumes after the
 * last object handed over instead of starting again: verify, which starts on the first objects while the rest are
 * listed, still checks every object exactly once, and every other listing of the store resumes the same way.
 */
class ResumedListingTest {
  /** Lists in pages of three and fails once, after its second page. */
  private static final class FailsBetweenPages extends ForwardingMemoryBackend {
    private final AtomicInteger failures = new AtomicInteger();
    /** Where each listing of a prefix started: null for the first, the last key handed over for a resumed one. */
    private final Map<String, List<String>> starts = new ConcurrentHashMap<>();

    FailsBetweenPages(InMemoryBackend objects) {
      super(objects);
    }

    @Override
    public void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
      starts.computeIfAbsent(prefix, k -> new CopyOnWriteArrayList<>()).add(String.valueOf(startAfter));
      String after = startAfter;
      for (int page = 1; ; page++) {
        ListPage p = objects.list(prefix, after, 3);
        if (!p.objects().isEmpty()) {
          pages.accept(p.objects());
        }
        if (p.nextStartAfter().isEmpty()) {
          return;
        }
        after = p.nextStartAfter().get();
        if (page == 2 && failures.compareAndSet(0, 1)) {
          throw new StorageException("connection reset while listing after " + after);
        }
      }
    }
  }

  private static InMemoryBackend storeOfSmallRuns(int runs) {
    InMemoryBackend objects = new InMemoryBackend(URI.create("mem:/resumed"));
    try (Lineage lineage = Lineage.builder().backend(objects).systemMetrics(false).build()) {
      for (int i = 0; i < runs; i++) {
        int n = i;
        lineage.run("small", run -> {
          run.logParam("i", n);
          run.logMetric("loss", 1.0 / (n + 1), 0);
          return null;
        });
      }
    }
    return objects;
  }

  @Test
  void aListingThatFailsBetweenPagesResumesAndEveryObjectIsCheckedOnce() {
    InMemoryBackend objects = storeOfSmallRuns(4);
    List<ObjectInfo> all = objects.listAll("");
    assertTrue(all.size() > 6, "more than two pages of three: " + all.size());
    VerifyReport unbroken;
    try (Lineage lineage = Lineage.builder().backend(objects).createStore(false).systemMetrics(false).build()) {
      unbroken = lineage.maintenance().verify();
    }

    FailsBetweenPages failing = new FailsBetweenPages(objects);
    try (Lineage lineage = Lineage.builder().backend(failing).createStore(false).systemMetrics(false).build()) {
      VerifyReport report = lineage.maintenance().verify();
      assertEquals(1, failing.failures.get(), "the listing failed once");
      assertEquals(List.of("null", all.get(5).key()), failing.starts.get(""), "and resumed after its sixth object");
      assertEquals(all.size(), report.objects(), "each object counted once");
      assertEquals(unbroken.bytes(), report.bytes(), "each segment and blob hashed once");
      assertTrue(report.ok(), "nothing reported twice or missed: " + report.problems());
    }
  }

  @Test
  void everyListingOfTheStoreResumesRatherThanStartsAgain() {
    InMemoryBackend objects = storeOfSmallRuns(8);
    List<ObjectInfo> starts = objects.listAll("runs/");
    assertEquals(8, starts.size());

    FailsBetweenPages failing = new FailsBetweenPages(objects);
    try (Lineage lineage = Lineage.builder().backend(failing).createStore(false).systemMetrics(false).autoIndex(0)
        .build()) {
      assertEquals(8, lineage.runs(RunQuery.all()).size());
      assertEquals(1, failing.failures.get(), "a listing failed once");
      assertEquals(List.of("null", starts.get(5).key()), failing.starts.get("runs/"),
          "the run listing resumed after its sixth run start");
    }
  }
}
