package dev.lineage.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Thread factories for Lineage's own background threads: daemons, so they never keep a JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads all named {@code name}. */
  public static ThreadFactory named(String name) {
    return factory(name, false);
  }

  /** Threads named {@code name-1}, {@code name-2}, … */
  public static ThreadFactory numbered(String name) {
    return factory(name, true);
  }

  /**
   * Computes {@code work} on a daemon thread of its own named {@code name}, started now: the future completes with
   * its result, or with whatever it threw.
   */
  public static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    named(name).newThread(() -> {
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }).start();
    return result;
  }

  private static ThreadFactory factory(String name, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }
}
