package dev.lineage.internal;

import dev.lineage.StorageException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work handed to a {@code Lineage}'s executor that the caller then waits for. If the executor has not started a
 * task by then (busy, single-threaded, shut down, even the one the caller runs on), the caller runs it itself:
 * waiting costs time, never a deadlock.
 */
public final class Tasks {
  private Tasks() {}

  /** Offers {@code work} to {@code executor}; {@link #join} runs it on the caller if the executor refuses it. */
  public static <T> FutureTask<T> start(Executor executor, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // join() runs it on the caller's thread
    }
    return task;
  }

  /** The task's result, running it here if it has not started; its own unchecked exception is rethrown as is. */
  public static <T> T join(FutureTask<T> task, String what) {
    task.run(); // a no-op if it has started elsewhere
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new StorageException("failed while " + what + ": " + e.getCause(), e.getCause());
    }
  }
}
