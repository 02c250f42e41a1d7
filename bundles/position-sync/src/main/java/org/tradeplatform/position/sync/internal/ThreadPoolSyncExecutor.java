package org.tradeplatform.position.sync.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link SyncExecutor}: a small pool of named daemon threads and the UTC clock. */
final class ThreadPoolSyncExecutor implements SyncExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadPoolSyncExecutor.class);

  /** Every thread of the component is named with this prefix, so a leak is easy to spot. */
  static final String THREAD_NAME_PREFIX = "position-sync-";

  private final ScheduledThreadPoolExecutor pool;
  private final Clock clock;

  ThreadPoolSyncExecutor(int threads, Clock clock) {
    this.clock = clock;
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, THREAD_NAME_PREFIX + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = new ScheduledThreadPoolExecutor(threads, factory);
    // Wake-ups and timeouts are cancelled on shutdown; work already submitted (a final write of
    // received changes) still runs.
    pool.setRemoveOnCancelPolicy(true);
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /** A new number of threads, applied live (extra threads end when idle). */
  void resize(int threads) {
    pool.setCorePoolSize(threads);
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(guarded(task));
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> future =
        pool.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /**
   * Stops accepting work, lets submitted work finish within the bound, then interrupts what is
   * left.
   *
   * @return true if every thread ended within the bound
   */
  boolean shutdown(Duration bound) {
    pool.shutdown();
    try {
      if (pool.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      LOG.warn(
          "Position sync work still running after {} s at shutdown; interrupting it",
          bound.toSeconds());
      pool.shutdownNow();
      return pool.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A task failure must never reach the pool: a scheduled task that throws is silently lost. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("Unexpected failure in a position sync task", e);
      }
    };
  }
}
