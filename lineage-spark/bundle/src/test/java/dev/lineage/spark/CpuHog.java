package dev.lineage.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps half the machine's cores busy (at least one) while it is open, so the applications started meanwhile run on
 * a loaded machine, as they do on a busy CI runner: a test whose outcome depended on timing fails here, not later.
 * Half, not all: the applications beside it load the rest, and a hog on every core only made the suite longer.
 */
final class CpuHog implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile long sink;

  CpuHog() {
    for (int i = 0; i < Math.max(1, Runtime.getRuntime().availableProcessors() / 2); i++) {
      Thread t = new Thread(() -> {
        long x = 1;
        while (running) {
          x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
      }, "cpu-hog-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
