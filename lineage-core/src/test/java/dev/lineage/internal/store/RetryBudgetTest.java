package dev.lineage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.ManualClock;
import dev.lineage.StorageException;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.RetryBudget;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One budget per storage operation, shared by the store layer's retries and a backend's own: an object that keeps
 * failing gives up once the budget has passed since its first failed attempt began, not after the backend's
 * attempts times the store's. Time is a clock each failing call moves, so no test waits for it.
 */
class RetryBudgetTest {
  private static final byte[] BYTES = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  private final ManualClock clock = ManualClock.still();
  private final InMemoryBackend memory = new InMemoryBackend(URI.create("mem://retry-budget"));

  @Test
  void aCommitThatKeepsFailingStopsOnceTheBudgetHasPassed() {
    AtomicInteger puts = new AtomicInteger();
    Store store = failingPuts(puts, Duration.ofSeconds(40), Duration.ofSeconds(60));
    StorageException e = assertThrows(StorageException.class, () -> store.commit("runs/x.json", BYTES, false));
    // The first attempt ends at 40 s, inside the budget; the second ends at 80 s, past it: no third.
    assertEquals(2, puts.get(), "attempts in a 60 s budget at 40 s each (four without the budget)");
    assertTrue(e.getMessage().contains("failed 2 times in its retry budget of 60 s"), e.getMessage());
  }

  /** A store whose puts under runs/ each fail after taking {@code each}, counted in {@code puts}. */
  private Store failingPuts(AtomicInteger puts, Duration each, Duration budget) {
    return Store.open(new ForwardingMemoryBackend(memory) {
      @Override
      public PutResult putIfAbsent(String key, Payload payload) {
        if (key.startsWith("runs/")) {
          puts.incrementAndGet();
          clock.advance(each);
          throw new StorageException("503 Slow Down");
        }
        return super.putIfAbsent(key, payload);
      }
    }, clock, true, budget);
  }

  @Test
  void aBackendThatRetriesSharesTheBudgetSoRetriesDoNotMultiply() {
    AtomicInteger gets = new AtomicInteger();
    Store store = Store.open(new ForwardingMemoryBackend(memory) {
      @Override
      public Optional<InputStream> get(String key) {
        if (!key.startsWith("runs/")) {
          return super.get(key);
        }
        // As S3Backend does: up to 10 attempts of its own, while the operation's budget lasts.
        RetryBudget budget = RetryBudget.current().orElseThrow(() -> new AssertionError("no budget current"));
        for (int attempt = 1; ; attempt++) {
          long started = budget.now();
          gets.incrementAndGet();
          clock.advance(Duration.ofSeconds(10));
          budget.failed(started);
          if (attempt == 10 || budget.exhausted()) {
            throw new StorageException("GET " + key + " failed after " + attempt + " attempts");
          }
        }
      }
    }, clock, true, Duration.ofSeconds(60));
    assertThrows(StorageException.class, () -> store.read("runs/x.json"));
    assertEquals(6, gets.get(), "six 10 s attempts fill the 60 s budget; without sharing it, 10 × 4 = 40");
  }

  @Test
  void timeSpentSucceedingDoesNotCount() {
    AtomicInteger gets = new AtomicInteger();
    Store store = Store.open(new ForwardingMemoryBackend(memory) {
      @Override
      public PutResult putIfAbsent(String key, Payload payload) {
        clock.advance(Duration.ofMinutes(10)); // a slow upload that lands
        return super.putIfAbsent(key, payload);
      }

      @Override
      public Optional<InputStream> get(String key) {
        if (key.startsWith("runs/") && gets.incrementAndGet() == 1) {
          throw new StorageException("connection reset while reading back");
        }
        return super.get(key);
      }
    }, clock, true, Duration.ofSeconds(60));
    assertEquals(Committed.Kind.CREATED, store.commit("runs/x.json", BYTES, true).kind(),
        "the read-back that failed once after a ten-minute upload is retried, and the commit is ours");
    assertEquals(2, gets.get());
  }

  @Test
  void aZeroBudgetMakesOneAttempt() {
    AtomicInteger puts = new AtomicInteger();
    Store store = failingPuts(puts, Duration.ZERO, Duration.ZERO);
    assertThrows(StorageException.class, () -> store.commit("runs/x.json", BYTES, false));
    assertEquals(1, puts.get());
  }

  @Test
  void theBudgetIsCurrentOnlyWhileTheOperationRunsAndTravelsToOtherThreadsWhenWrapped() throws Exception {
    RetryBudget budget = RetryBudget.of(Duration.ofSeconds(60), clock);
    assertFalse(RetryBudget.current().isPresent());
    Callable<Optional<RetryBudget>> seen = RetryBudget::current;
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      budget.apply(() -> {
        assertEquals(Optional.of(budget), RetryBudget.current());
        try {
          assertEquals(Optional.empty(), other.submit(seen).get(), "not inherited by another thread");
          assertEquals(Optional.of(budget), other.submit(budget.wrap(seen)).get(), "carried over when wrapped");
          assertEquals(Optional.empty(), other.submit(seen).get(), "and removed after");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        return null;
      });
    } finally {
      other.shutdownNow();
    }
    assertFalse(RetryBudget.current().isPresent());
  }

  @Test
  void theBudgetStartsAtTheFirstFailedAttemptAndNeverGoesNegative() {
    RetryBudget budget = RetryBudget.of(Duration.ofSeconds(60), clock);
    clock.advance(Duration.ofHours(1));
    assertEquals(Duration.ofSeconds(60), budget.remaining(), "all of it until something fails");
    long started = budget.now();
    clock.advance(Duration.ofSeconds(45));
    budget.failed(started);
    budget.failed(budget.now()); // later failures do not move the start
    assertEquals(Duration.ofSeconds(15), budget.remaining());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(Duration.ZERO, budget.remaining());
    assertTrue(budget.exhausted());
  }

  @Test
  void aNegativeBudgetIsRefusedNamingTheOption() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().retryBudget(Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("retryBudget"), e.getMessage());
    InvalidInputException twice = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().retryBudget(Duration.ofSeconds(5)).retryBudget(Duration.ofSeconds(6)));
    assertTrue(twice.getMessage().contains("already set to PT5S"), twice.getMessage());
    assertThrows(InvalidInputException.class, () -> RetryBudget.of(Duration.ofSeconds(-1), clock));
  }
}
