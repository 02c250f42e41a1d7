package org.tradeplatform.position.sync.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.position.api.SyncObserver;
import org.tradeplatform.position.api.SyncReport;

/**
 * Hands every {@link SyncReport} to every registered {@link SyncObserver} on a thread of its own,
 * so that a slow or throwing observer never delays or fails a sync.
 *
 * <p>Each observer has a backlog of at most {@link #MAX_BACKLOG} reports; when a slow observer's
 * backlog is full its oldest report is dropped and counted (logged once per observer and streak).
 * An exception from an observer is logged (once per observer and streak) and dropped.
 *
 * <p>Concurrency: the backlogs are guarded by {@code this}; observers are called outside the lock,
 * one report at a time, by one drain task on the given executor.
 */
final class ObserverDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(ObserverDelivery.class);

  /** Reports kept for one observer that has not taken them yet. */
  static final int MAX_BACKLOG = 10_000;

  private final Executor thread;
  private final Map<SyncObserver, Backlog> observers = new IdentityHashMap<>();
  private boolean draining;

  /**
   * @param thread runs the drain task; it must not be a sync thread, so a slow observer holds up
   *     only its fellow observers
   */
  ObserverDelivery(Executor thread) {
    this.thread = thread;
  }

  synchronized void add(SyncObserver observer) {
    observers.putIfAbsent(observer, new Backlog());
  }

  synchronized void remove(SyncObserver observer) {
    observers.remove(observer);
  }

  /** Queues a report for every observer registered now; never blocks. */
  void deliver(SyncReport report) {
    List<String> overflowing = new ArrayList<>();
    boolean submit;
    synchronized (this) {
      if (observers.isEmpty()) {
        return;
      }
      observers.forEach(
          (observer, backlog) -> {
            if (backlog.reports.size() >= MAX_BACKLOG) {
              backlog.reports.pollFirst();
              backlog.dropped++;
              if (!backlog.droppingLogged) {
                backlog.droppingLogged = true;
                overflowing.add(observer.getClass().getName());
              }
            }
            backlog.reports.addLast(report);
          });
      submit = !draining;
      draining = true;
    }
    overflowing.forEach(
        name ->
            LOG.warn(
                "Sync observer {} is {} reports behind; dropping its oldest reports",
                name,
                MAX_BACKLOG));
    if (submit) {
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          draining = false;
        }
      }
    }
  }

  /** Reports dropped for observers that were too slow, since activation (observers still bound). */
  synchronized long dropped() {
    return observers.values().stream().mapToLong(b -> b.dropped).sum();
  }

  private void drain() {
    while (true) {
      SyncObserver observer = null;
      SyncReport report = null;
      synchronized (this) {
        for (Map.Entry<SyncObserver, Backlog> e : observers.entrySet()) {
          if (!e.getValue().reports.isEmpty()) {
            observer = e.getKey();
            report = e.getValue().reports.pollFirst();
            if (e.getValue().reports.isEmpty()) {
              e.getValue().droppingLogged = false;
            }
            break;
          }
        }
        if (observer == null) {
          draining = false;
          return;
        }
      }
      call(observer, report);
    }
  }

  private void call(SyncObserver observer, SyncReport report) {
    try {
      observer.syncFinished(report);
      synchronized (this) {
        Backlog backlog = observers.get(observer);
        if (backlog != null) {
          backlog.failing = false;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      boolean first;
      synchronized (this) {
        Backlog backlog = observers.get(observer);
        first = backlog != null && !backlog.failing;
        if (backlog != null) {
          backlog.failing = true;
        }
      }
      if (first) {
        LOG.warn(
            "Sync observer {} failed; its report is dropped and syncing goes on: {}",
            observer.getClass().getName(),
            RetryStreak.describe(e));
      }
    }
  }

  /** One observer's reports not yet taken. Guarded by the delivery's lock. */
  private static final class Backlog {
    final Deque<SyncReport> reports = new ArrayDeque<>();
    long dropped;
    boolean droppingLogged;
    boolean failing;
  }
}
