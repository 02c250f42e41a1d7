package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A deterministic {@link SyncExecutor}: time stands still until a test advances it, and tasks run
 * on the test's thread in due-time order (submission order among equals).
 */
final class VirtualTimeExecutor implements SyncExecutor {

  private record Task(Instant due, long sequence, Runnable body, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::sequence));
  private Instant now;
  private long sequence;
  private boolean shutdown;

  VirtualTimeExecutor(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  /** Virtual nanoseconds: the virtual wall clock, so latencies are exact. */
  @Override
  public synchronized long nanoTime() {
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public void execute(Runnable task) {
    schedule(task, Duration.ZERO);
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    boolean[] cancelled = {false};
    Duration wait = delay.isNegative() ? Duration.ZERO : delay;
    queue.add(new Task(now.plus(wait), sequence++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Runs every task that is due now, including tasks they submit for now. */
  void runDue() {
    advanceTo(now());
  }

  /** Moves time forward, running each task at its due time. */
  void advance(Duration duration) {
    advanceTo(now().plus(duration));
  }

  void advanceTo(Instant target) {
    while (true) {
      Task task;
      synchronized (this) {
        Task head = queue.peek();
        if (head == null || head.due().isAfter(target)) {
          if (target.isAfter(now)) {
            now = target;
          }
          return;
        }
        task = queue.poll();
        if (task.due().isAfter(now)) {
          now = task.due();
        }
      }
      if (!task.cancelled()[0]) {
        task.body().run();
      }
    }
  }

  /** Tasks waiting to run that were not cancelled. */
  synchronized long waitingTasks() {
    return queue.stream().filter(t -> !t.cancelled()[0]).count();
  }

  synchronized void shutdown() {
    shutdown = true;
  }
}
