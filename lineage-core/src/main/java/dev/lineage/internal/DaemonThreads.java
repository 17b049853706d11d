package dev.lineage.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

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

  private static ThreadFactory factory(String name, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }
}
