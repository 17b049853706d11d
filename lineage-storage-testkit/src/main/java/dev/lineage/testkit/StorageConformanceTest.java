package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The storage SPI contract ({@link StorageBackend}'s Javadoc) as tests. Every backend's test suite extends
 * this class and supplies a fresh, empty backend; nothing else is needed to prove conformance.
 *
 * @since 0.1.0
 */
public abstract class StorageConformanceTest {
  /** The backend under test: a new one, from {@code newBackend()}, for each test. */
  protected StorageBackend backend;

  /** A new, empty backend; it is closed after each test. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void openBackend() throws Exception {
    backend = newBackend();
  }

  @AfterEach
  void closeBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void emptyObjectRoundTrips() throws IOException {
    assertEquals(PutResult.CREATED, backend.putIfAbsent("a/empty", Payload.of(new byte[0])));
    assertArrayEquals(new byte[0], read("a/empty"));
    assertStat("a/empty", 0);
  }

  @Test
  void smallObjectRoundTrips() throws IOException {
    byte[] bytes = "hello, lineage".getBytes(StandardCharsets.UTF_8);
    assertEquals(PutResult.CREATED, backend.putIfAbsent("runs/x.json", Payload.of(bytes)));
    assertArrayEquals(bytes, read("runs/x.json"));
    assertStat("runs/x.json", bytes.length);
  }

  /** Key and size as put; a store time, where the backend reports one, no later than now and not long before. */
  private void assertStat(String key, long size) {
    ObjectInfo info = backend.stat(key).orElseThrow(() -> new AssertionError("no object " + key));
    assertEquals(key, info.key());
    assertEquals(size, info.size());
    info.lastModified().ifPresent(t -> assertTrue(
        !t.isAfter(java.time.Instant.now().plusSeconds(5)) && t.isAfter(java.time.Instant.now().minusSeconds(600)),
        "stored at " + t));
    assertTrue(backend.listAll(key).stream().anyMatch(o -> o.key().equals(key) && o.size() == size));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void hundredMebibyteObjectStreamsIntact() throws Exception {
    GeneratedPayload payload = new GeneratedPayload(100L << 20, 42);
    assertEquals(PutResult.CREATED, backend.putIfAbsent("blobs/big", payload));
    assertEquals(payload.length(), backend.stat("blobs/big").orElseThrow().size());
    try (InputStream expected = payload.open(); InputStream actual = backend.get("blobs/big").orElseThrow()) {
      assertArrayEquals(sha256(expected), sha256(actual));
    }
  }

  @Test
  void missingKeysAreEmptyNotErrors() {
    assertEquals(Optional.empty(), backend.get("no/such/key"));
    assertEquals(Optional.empty(), backend.stat("no/such/key"));
    assertFalse(backend.delete("no/such/key"));
    assertEquals(List.of(), backend.list("no/such/", null, 10).objects());
  }

  @Test
  void secondPutKeepsTheFirstContent() throws IOException {
    assertEquals(PutResult.CREATED, backend.putIfAbsent("k", Payload.of(bytes("first"))));
    assertEquals(PutResult.ALREADY_EXISTS, backend.putIfAbsent("k", Payload.of(bytes("second, longer"))));
    assertArrayEquals(bytes("first"), read("k"));
  }

  @Test
  void listIsSortedFilteredAndPaged() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      keys.add(String.format("p/%02d/obj-%d", i % 13, i));
    }
    keys.add("p-sibling/not-included");
    keys.add("o/before");
    keys.add("q/after");
    List<String> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(7));
    for (String k : shuffled) {
      backend.putIfAbsent(k, Payload.of(bytes(k)));
    }
    List<String> expected = keys.stream().filter(k -> k.startsWith("p/")).sorted().toList();

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      ListPage page = backend.list("p/", after, 5);
      assertTrue(page.objects().size() <= 5, "page larger than maxKeys");
      page.objects().forEach(o -> seen.add(o.key()));
      after = page.nextStartAfter().orElse(null);
      pages++;
    } while (after != null);
    assertEquals(expected, seen);
    assertTrue(pages >= 8, "37 keys in pages of 5 need at least 8 pages, got " + pages);
    assertEquals(expected, backend.listAll("p/").stream().map(ObjectInfo::key).toList());
    assertEquals(keys.stream().sorted().toList(), backend.listAll("").stream().map(ObjectInfo::key).toList());
    List<String> tail = backend.list("p/", "p/05", 100).objects().stream().map(ObjectInfo::key).toList();
    assertEquals(expected.stream().filter(k -> k.compareTo("p/05") > 0).toList(), tail);
    assertEquals(bytes("p/03/obj-16").length, backend.listAll("p/03/").get(0).size());
  }

  @Test
  void listPagesHandsOverEveryObjectOnceInKeyOrderWhileListing() {
    // More than a page of every backend (1,000 keys), spread over directories, and the names whose order as keys
    // differs from their order as path names: "a-b" and "a.c" sort before "a/x", "a0" after it.
    List<String> keys = new ArrayList<>(List.of("s/a-b", "s/a/x", "s/a.c", "s/a0", "r/before", "t/after"));
    for (int i = 0; i < 1_050; i++) {
      keys.add(String.format("s/%02d/obj-%04d", i % 17, i));
    }
    keys.parallelStream().forEach(k -> backend.putIfAbsent(k, Payload.of(bytes(k))));
    List<String> expected = keys.stream().filter(k -> k.startsWith("s/")).sorted().toList();

    List<List<ObjectInfo>> pages = new ArrayList<>();
    backend.listPages("s/", null, pages::add);
    assertTrue(pages.size() >= 2, "1,054 objects come in more than one page, got " + pages.size());
    assertTrue(pages.stream().noneMatch(List::isEmpty), "no page is empty");
    assertEquals(expected, pages.stream().flatMap(List::stream).map(ObjectInfo::key).toList());
    assertEquals(bytes("s/a0").length, pages.stream().flatMap(List::stream).filter(o -> o.key().equals("s/a0"))
        .findFirst().orElseThrow().size());

    List<String> after = new ArrayList<>();
    backend.listPages("s/", "s/a-b", page -> page.forEach(o -> after.add(o.key())));
    assertEquals(expected.stream().filter(k -> k.compareTo("s/a-b") > 0).toList(), after);
    assertEquals(expected, backend.listAll("s/").stream().map(ObjectInfo::key).toList());

    int[] calls = {0};
    IllegalStateException stop = assertThrows(IllegalStateException.class, () -> backend.listPages("s/", null,
        page -> {
          calls[0]++;
          throw new IllegalStateException("enough");
        }));
    assertEquals("enough", stop.getMessage());
    assertEquals(1, calls[0], "the listing ends at the consumer's exception");
  }

  @Test
  void deleteRemovesFromGetStatAndList() {
    backend.putIfAbsent("d/1", Payload.of(bytes("one")));
    backend.putIfAbsent("d/2", Payload.of(bytes("two")));
    assertTrue(backend.delete("d/1"));
    assertEquals(Optional.empty(), backend.get("d/1"));
    assertEquals(Optional.empty(), backend.stat("d/1"));
    assertEquals(List.of("d/2"), backend.listAll("d/").stream().map(ObjectInfo::key).toList());
    assertFalse(backend.delete("d/1"));
    assertEquals(PutResult.CREATED, backend.putIfAbsent("d/1", Payload.of(bytes("again"))));
  }

  @Test
  void invalidKeysAreRejectedBeforeStorageIsTouched() {
    for (String bad : List.of("", "/abs", "trailing/", "a//b", "a/../b", "./a", "a b", "naïve", "a\nb",
        "back\\slash", ".tmp-x", "a/.tmp/b", "x".repeat(513))) {
      assertThrows(InvalidInputException.class, () -> backend.putIfAbsent(bad, Payload.of(bytes("x"))), bad);
      assertThrows(InvalidInputException.class, () -> backend.get(bad), bad);
      assertThrows(InvalidInputException.class, () -> backend.stat(bad), bad);
      assertThrows(InvalidInputException.class, () -> backend.delete(bad), bad);
    }
    assertThrows(InvalidInputException.class, () -> backend.list("a//", null, 10));
    assertThrows(InvalidInputException.class, () -> backend.list("p/", null, 0));
    assertEquals(List.of(), backend.listAll(""), "a rejected call must store nothing");
  }

  @Test
  void failingPayloadPublishesNothing() {
    Payload failing = new Payload() {
      @Override
      public long length() {
        return 1 << 20;
      }

      @Override
      public InputStream open() {
        return new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (++n > 1000) {
              throw new IOException("disk vanished");
            }
            return 'x';
          }
        };
      }
    };
    StorageException e = assertThrows(StorageException.class, () -> backend.putIfAbsent("f/k", failing));
    assertTrue(causes(e).stream().anyMatch(c -> "disk vanished".equals(c.getMessage())),
        "the payload's IOException is the cause");
    assertEquals(Optional.empty(), backend.stat("f/k"));
    assertEquals(List.of(), backend.listAll("f/"));
    assertEquals(PutResult.CREATED, backend.putIfAbsent("f/k", Payload.of(bytes("later"))));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sixteenThreadsRacingPutIfAbsentHaveExactlyOneWinnerPerKey() throws Exception {
    int threads = 16;
    int keys = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<String, String> winners = new ConcurrentHashMap<>();
    AtomicInteger created = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String writer = "writer-" + t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int k = 0; k < keys; k++) {
            String key = "race/" + k;
            // Content long enough that a torn write would be visible.
            String content = (writer + ":" + key + ";").repeat(2000);
            if (backend.putIfAbsent(key, Payload.of(bytes(content))) == PutResult.CREATED) {
              created.incrementAndGet();
              String previous = winners.put(key, content);
              assertEquals(null, previous, "two winners for " + key);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(keys, created.get());
    assertEquals(keys, winners.size());
    for (Map.Entry<String, String> w : winners.entrySet()) {
      assertArrayEquals(bytes(w.getValue()), read(w.getKey()), "content of " + w.getKey());
    }
    assertEquals(keys, backend.listAll("race/").size());
  }

  /** The object at {@code key}, whole; an assertion error if it is missing. */
  protected byte[] read(String key) throws IOException {
    try (InputStream in = backend.get(key).orElseThrow(() -> new AssertionError("missing " + key))) {
      return in.readAllBytes();
    }
  }

  /** {@code s} as UTF-8 bytes. */
  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return md.digest();
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> all = new ArrayList<>();
    for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
      all.add(c);
    }
    return all;
  }
}
