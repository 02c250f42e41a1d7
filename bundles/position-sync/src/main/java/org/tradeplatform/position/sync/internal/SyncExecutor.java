package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where and when the sync component runs its work, and what time it is. The seam between the
 * scheduling rules and real threads: production uses {@link ThreadPoolSyncExecutor}, tests a
 * virtual-time executor that advances only when told to.
 */
interface SyncExecutor {

  /** The current time. */
  Instant now();

  /** A monotonic clock in nanoseconds, like {@link System#nanoTime()}, for latencies. */
  long nanoTime();

  /**
   * Runs a task as soon as possible, never on the calling thread.
   *
   * @throws RejectedExecutionException once the executor is shut down
   */
  void execute(Runnable task);

  /**
   * Runs a task after a delay.
   *
   * @return a handle that cancels the task if it has not started
   * @throws RejectedExecutionException once the executor is shut down
   */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
