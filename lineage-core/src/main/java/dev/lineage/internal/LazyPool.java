package dev.lineage.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A Lineage's own pool of daemon threads, started by the first task handed to it, not when the Lineage opens:
 * a Lineage that only reads one run starts no thread at all. Idle threads end after a few seconds. After
 * {@link #close()} a task is refused, which {@link Tasks} answers by running it on the caller.
 */
public final class LazyPool implements Executor, AutoCloseable {
  private static final long IDLE_SECONDS = 10;
  private final String name;
  private final int threads;
  private ThreadPoolExecutor pool; // guarded by this
  private boolean closed; // guarded by this

  public LazyPool(String name, int threads) {
    this.name = name;
    this.threads = threads;
  }

  @Override
  public void execute(Runnable task) {
    pool().execute(task);
  }

  private synchronized ThreadPoolExecutor pool() {
    if (closed) {
      throw new RejectedExecutionException(name + " is closed");
    }
    if (pool == null) {
      pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          DaemonThreads.numbered(name));
      pool.allowCoreThreadTimeOut(true);
    }
    return pool;
  }

  /** Lets queued tasks finish (at most 30 s), then refuses new ones. */
  @Override
  public void close() {
    ThreadPoolExecutor started;
    synchronized (this) {
      closed = true;
      started = pool;
    }
    if (started != null) {
      started.shutdown();
      try {
        started.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
