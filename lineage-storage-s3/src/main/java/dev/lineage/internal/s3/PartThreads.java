package dev.lineage.internal.s3;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads for multipart uploads and copies: they never keep a JVM alive. */
public final class PartThreads {
  private PartThreads() {}

  public static ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
