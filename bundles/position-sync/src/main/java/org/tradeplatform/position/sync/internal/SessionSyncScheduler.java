package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionListener;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * Decides when the positions of one bound broker session are written, and writes them.
 *
 * <ul>
 *   <li>Change path: the listener records the latest state per position and asks for a sync. The
 *       first change after a quiet period syncs at once; later changes wait until {@code debounce}
 *       after the start of the last change-triggered sync and are written together (a throttle with
 *       a trailing edge: the window does not restart on each change, and the last change is always
 *       written).
 *   <li>Full reconcile (bind, periodic, manual): a fresh complete snapshot from the broker, applied
 *       with {@link PositionRepository#applySnapshot}. Changes received before it starts are part
 *       of the broker's answer, so it takes them over; changes received while it runs are written
 *       after it.
 *   <li>Single flight: at most one sync of the session at a time; triggers during a sync are
 *       remembered and produce one follow-up.
 *   <li>Failure: counted, logged once, and retried after an exponential backoff (the changes of a
 *       failed write stay pending).
 * </ul>
 *
 * <p>All state is guarded by {@code this}; the lock is never held while calling the broker, the
 * repository or the executor's tasks, so the broker's I/O thread only ever waits for bookkeeping.
 */
final class SessionSyncScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(SessionSyncScheduler.class);

  /** The longest wait between retries after consecutive failures. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  private final BrokerSession session;
  private final String brokerId;
  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final SyncObserver observer;
  private final PositionListener listener = (source, position) -> positionChanged(position);
  private final Instant attachedAt;
  private final CompletableFuture<Void> retired = new CompletableFuture<>();

  private SyncSettings settings;
  private final Map<PositionKey, Position> pending = new LinkedHashMap<>();
  private boolean callbackQueued;
  private SyncTrigger fullRequested;
  private final List<CompletableFuture<SyncResult>> fullWaiters = new ArrayList<>();
  private Instant lastCallbackStart;
  private Instant lastFullStart;
  private Instant retryNotBefore;
  private int consecutiveFailures;
  private Job running;
  private boolean detached;
  private SyncExecutor.Cancellable wakeUp;
  private Instant wakeUpAt;
  private boolean listening;

  /** The listener has heard every change since the last successful full reconcile began. */
  private boolean changePathContinuous;

  private long syncsStarted;
  private long syncsSucceeded;
  private long syncsFailed;
  private long callbackTriggers;
  private long coalescedTriggers;
  private long drift;
  private long positionsHeld;
  private Instant lastSyncAt;
  private Instant lastSuccessAt;
  private Duration lastSyncDuration;
  private SyncTrigger lastTrigger;
  private String lastError;

  SessionSyncScheduler(
      BrokerSession session,
      PositionRepository repository,
      SyncExecutor executor,
      SyncSettings settings,
      SyncObserver observer) {
    this.session = session;
    this.brokerId = session.id();
    this.repository = repository;
    this.executor = executor;
    this.settings = settings;
    this.observer = observer;
    this.attachedAt = executor.now();
    this.lastFullStart = attachedAt;
  }

  String brokerId() {
    return brokerId;
  }

  BrokerSession session() {
    return session;
  }

  Instant attachedAt() {
    return attachedAt;
  }

  /** Completes once the session is detached and its last work has finished. */
  CompletableFuture<Void> retired() {
    return retired;
  }

  /** Starts scheduling: the periodic timer, and a full reconcile at once when {@code bindSync}. */
  void start(boolean bindSync) {
    Job next;
    synchronized (this) {
      if (bindSync) {
        fullRequested = SyncTrigger.BIND;
      }
      next = dispatch();
    }
    launch(next);
  }

  /** Registers or removes the position listener on the session. */
  void listen(boolean on) {
    synchronized (this) {
      if (detached || listening == on) {
        return;
      }
      listening = on;
      if (!on) {
        changePathContinuous = false;
      }
    }
    if (on) {
      session.addPositionListener(listener);
      LOG.info("Position callbacks registered for broker session {}", brokerId);
    } else {
      session.removePositionListener(listener);
      LOG.info("Position callbacks unregistered for broker session {}", brokerId);
    }
  }

  /** Applies a new validated configuration to what is scheduled. */
  void updateSettings(SyncSettings newSettings) {
    Job next;
    synchronized (this) {
      settings = newSettings;
      next = dispatch();
    }
    launch(next);
  }

  /** A full reconcile now (single flight still holds); completes with its result. */
  CompletableFuture<SyncResult> syncNow() {
    CompletableFuture<SyncResult> result = new CompletableFuture<>();
    Job next;
    synchronized (this) {
      if (detached) {
        return CompletableFuture.failedFuture(unbound());
      }
      fullWaiters.add(result);
      if (fullRequested == null || fullRequested == SyncTrigger.PERIODIC) {
        fullRequested = SyncTrigger.MANUAL;
      }
      next = dispatch();
    }
    launch(next);
    return result;
  }

  /**
   * The session is gone: removes the listener, writes the changes already received (they are real)
   * and drops the rest. Never waits for the broker or the database.
   */
  void detach() {
    listen(false);
    List<CompletableFuture<SyncResult>> dropped = new ArrayList<>();
    Job next;
    synchronized (this) {
      if (detached) {
        return;
      }
      detached = true;
      cancelWakeUp();
      dropped.addAll(fullWaiters);
      fullWaiters.clear();
      fullRequested = null;
      callbackQueued = false;
      Job job = running;
      if (job != null && job.trigger.isFullReconcile() && !job.applying) {
        // Its snapshot would come from a session that no longer exists: give up waiting.
        job.abandoned = true;
        job.cancelTimeout();
        running = null;
        syncsFailed++;
        mergeBack(job.changes);
        dropped.addAll(job.waiters);
      }
      next = dispatch();
    }
    dropped.forEach(waiter -> waiter.completeExceptionally(unbound()));
    launch(next);
  }

  /** The listener's work: record, count, schedule. Runs on the broker's I/O thread. */
  private void positionChanged(Position position) {
    Job next;
    synchronized (this) {
      if (detached) {
        return;
      }
      callbackTriggers++;
      pending.put(position.key(), position);
      if (callbackQueued) {
        coalescedTriggers++;
        return;
      }
      callbackQueued = true;
      next = dispatch();
    }
    LOG.info("Position update for {} triggered a sync", brokerId);
    launch(next);
  }

  synchronized SyncStatistics statistics() {
    return new SyncStatistics(
        listening ? 1 : 0,
        syncsStarted,
        syncsSucceeded,
        syncsFailed,
        callbackTriggers,
        coalescedTriggers,
        drift,
        positionsHeld,
        lastSyncAt,
        lastSuccessAt,
        lastSyncDuration,
        lastTrigger,
        lastError);
  }

  /**
   * Picks the next sync if one is due and none runs; otherwise arms a wake-up for the earliest due
   * time. Caller holds the lock and launches the returned job after releasing it.
   */
  private Job dispatch() {
    if (running != null) {
      return null;
    }
    Instant now = executor.now();
    if (detached) {
      return pending.isEmpty() ? null : start(startChanges(now, true));
    }
    Instant fullDue;
    SyncTrigger fullTrigger;
    if (fullRequested != null) {
      fullTrigger = fullRequested;
      fullDue = fullWaiters.isEmpty() ? notBeforeRetry(now) : now;
    } else {
      fullTrigger = SyncTrigger.PERIODIC;
      fullDue = notBeforeRetry(lastFullStart.plus(settings.periodicInterval()));
    }
    if (!fullDue.isAfter(now)) {
      return start(startFull(fullTrigger, now));
    }
    Instant due = fullDue;
    if (callbackQueued) {
      Instant callbackDue =
          notBeforeRetry(
              lastCallbackStart == null ? now : lastCallbackStart.plus(settings.debounce()));
      if (!callbackDue.isAfter(now)) {
        return start(startChanges(now, false));
      }
      if (callbackDue.isBefore(due)) {
        due = callbackDue;
      }
    }
    armWakeUp(now, due);
    return null;
  }

  private Instant notBeforeRetry(Instant due) {
    return retryNotBefore != null && retryNotBefore.isAfter(due) ? retryNotBefore : due;
  }

  private Job start(Job job) {
    cancelWakeUp();
    running = job;
    syncsStarted++;
    return job;
  }

  private Job startFull(SyncTrigger trigger, Instant now) {
    Job job =
        new Job(
            trigger,
            false,
            new LinkedHashMap<>(pending),
            List.copyOf(fullWaiters),
            now,
            changePathContinuous,
            listening);
    pending.clear();
    callbackQueued = false;
    fullRequested = null;
    fullWaiters.clear();
    lastFullStart = now;
    return job;
  }

  private Job startChanges(Instant now, boolean finalWrite) {
    Job job =
        new Job(
            SyncTrigger.CALLBACK,
            finalWrite,
            new LinkedHashMap<>(pending),
            List.of(),
            now,
            false,
            listening);
    pending.clear();
    callbackQueued = false;
    if (!finalWrite) {
      lastCallbackStart = now;
    }
    return job;
  }

  private void armWakeUp(Instant now, Instant due) {
    if (wakeUp != null && due.equals(wakeUpAt)) {
      return;
    }
    cancelWakeUp();
    try {
      wakeUp = executor.schedule(this::wakeUp, Duration.between(now, due));
      wakeUpAt = due;
    } catch (RejectedExecutionException e) {
      LOG.debug("Position sync executor is shut down; no further sync of {}", brokerId);
    }
  }

  private void cancelWakeUp() {
    if (wakeUp != null) {
      wakeUp.cancel();
      wakeUp = null;
      wakeUpAt = null;
    }
  }

  private void wakeUp() {
    Job next;
    synchronized (this) {
      wakeUp = null;
      wakeUpAt = null;
      next = dispatch();
    }
    launch(next);
  }

  /**
   * Runs outside the lock: starts the job dispatch chose, or notes that a detached session is done.
   */
  private void launch(Job job) {
    if (job == null) {
      boolean done;
      synchronized (this) {
        done = detached && running == null && pending.isEmpty();
      }
      if (done) {
        retired.complete(null);
      }
      return;
    }
    try {
      executor.execute(() -> run(job));
    } catch (RejectedExecutionException e) {
      if (job.finalWrite) {
        // Shutting down: launch is then only reached from our own executor thread, which may
        // still write the changes the broker already reported.
        run(job);
      } else {
        synchronized (this) {
          if (running == job) {
            running = null;
            syncsFailed++;
          }
        }
      }
    }
  }

  private void run(Job job) {
    try {
      if (job.trigger.isFullReconcile()) {
        requestSnapshot(job);
      } else {
        SyncResult result =
            repository.apply(brokerId, List.copyOf(job.changes.values()), SyncTrigger.CALLBACK);
        succeeded(job, result, null);
      }
    } catch (RuntimeException | Error e) {
      failed(job, e);
    }
  }

  private void requestSnapshot(Job job) {
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    Duration timeout;
    synchronized (this) {
      if (job.abandoned) {
        return;
      }
      timeout = settings.syncTimeout();
      job.timeout =
          executor.schedule(
              () ->
                  answer.completeExceptionally(
                      new TimeoutException(
                          "no complete positions answer from broker session "
                              + brokerId
                              + " within "
                              + timeout.toSeconds()
                              + " s")),
              timeout);
    }
    try {
      session
          .positions()
          .whenComplete(
              (snapshot, error) -> {
                if (error != null) {
                  answer.completeExceptionally(error);
                } else {
                  answer.complete(snapshot);
                }
              });
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
    // The answer may arrive on the broker's I/O thread: hop to our executor for the database work.
    answer.whenComplete(
        (snapshot, error) -> {
          try {
            executor.execute(() -> applySnapshot(job, snapshot, error));
          } catch (RejectedExecutionException e) {
            LOG.debug("Position sync executor is shut down; snapshot of {} dropped", brokerId);
          }
        });
  }

  private void applySnapshot(Job job, PositionSnapshot snapshot, Throwable error) {
    synchronized (this) {
      job.cancelTimeout();
      if (job.abandoned) {
        return;
      }
      job.applying = true;
    }
    if (error != null) {
      failed(job, error);
      return;
    }
    try {
      SyncResult result = repository.applySnapshot(snapshot, job.trigger);
      succeeded(job, result, snapshot);
    } catch (RuntimeException | Error e) {
      failed(job, e);
    }
  }

  private void succeeded(Job job, SyncResult result, PositionSnapshot snapshot) {
    Job next;
    long driftFound = 0;
    Duration took;
    int recoveredAfter;
    synchronized (this) {
      running = null;
      Instant now = executor.now();
      took = Duration.between(job.startedAt, now);
      syncsSucceeded++;
      lastSyncAt = now;
      lastSuccessAt = now;
      lastSyncDuration = took;
      lastTrigger = job.trigger;
      lastError = null;
      recoveredAfter = consecutiveFailures;
      consecutiveFailures = 0;
      retryNotBefore = null;
      if (snapshot != null) {
        if (job.driftCounted) {
          for (PositionChange change : result.changes()) {
            PositionKey key = change.position().key();
            // A change the listener had heard of but not yet written was in transit, not missed.
            if (!job.changes.containsKey(key) && !pending.containsKey(key)) {
              driftFound++;
            }
          }
          drift += driftFound;
        }
        positionsHeld = snapshot.positions().stream().filter(p -> !p.isFlat()).count();
        changePathContinuous = listening && job.listeningAtStart;
      } else {
        positionsHeld = Math.max(0, positionsHeld + openedMinusClosed(result));
      }
      next = dispatch();
    }
    if (recoveredAfter > 0) {
      LOG.info("Position sync of {} recovered after {} failed attempts", brokerId, recoveredAfter);
    }
    LOG.info(
        "Position sync of {} ({}): inserted {}, updated {}, closed {}, unchanged {}, drift {}, in {}"
            + " ms",
        brokerId,
        job.trigger,
        result.inserted(),
        result.updated(),
        result.closed(),
        result.unchanged(),
        driftFound,
        took.toMillis());
    try {
      observer.committed(brokerId, job.trigger, result);
    } catch (RuntimeException e) {
      LOG.warn("Could not publish the events of a position sync of {}: {}", brokerId, e.toString());
    }
    job.waiters.forEach(waiter -> waiter.complete(result));
    launch(next);
  }

  private void failed(Job job, Throwable error) {
    Throwable cause = unwrap(error);
    String message = describe(cause);
    Job next;
    boolean firstOfStreak;
    Duration backoff;
    synchronized (this) {
      if (running != job) {
        return;
      }
      running = null;
      Instant now = executor.now();
      syncsFailed++;
      lastSyncAt = now;
      lastSyncDuration = Duration.between(job.startedAt, now);
      lastTrigger = job.trigger;
      firstOfStreak = consecutiveFailures == 0;
      lastError = message;
      consecutiveFailures++;
      backoff = backoff(consecutiveFailures);
      retryNotBefore = now.plus(backoff);
      if (!job.finalWrite) {
        mergeBack(job.changes);
        if (!detached
            && (job.trigger == SyncTrigger.BIND || job.trigger == SyncTrigger.PERIODIC)
            && fullRequested == null) {
          fullRequested = job.trigger;
        }
      }
      next = dispatch();
    }
    if (firstOfStreak) {
      LOG.warn(
          "Position sync of {} ({}) failed, retrying with backoff (next in {} s): {}",
          brokerId,
          job.trigger,
          backoff.toSeconds(),
          message);
    } else {
      LOG.debug("Position sync of {} ({}) failed again: {}", brokerId, job.trigger, message);
    }
    job.waiters.forEach(waiter -> waiter.completeExceptionally(cause));
    launch(next);
  }

  /** Puts back changes of a sync that did not commit; changes received since are newer. */
  private void mergeBack(Map<PositionKey, Position> changes) {
    changes.forEach(pending::putIfAbsent);
    if (!pending.isEmpty() && !detached) {
      callbackQueued = true;
    }
  }

  private IllegalStateException unbound() {
    return new IllegalStateException("broker session " + brokerId + " is no longer bound");
  }

  /** 1, 2, 4, … seconds after consecutive failures, at most {@link #MAX_BACKOFF}. */
  static Duration backoff(int consecutiveFailures) {
    int exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 16);
    Duration backoff = Duration.ofSeconds(1L << exponent);
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private static long openedMinusClosed(SyncResult result) {
    long delta = 0;
    for (PositionChange change : result.changes()) {
      switch (change.kind()) {
        case INSERTED -> delta += change.position().isFlat() ? 0 : 1;
        case REOPENED -> delta++;
        case CLOSED -> delta--;
        case UPDATED -> {}
      }
    }
    return delta;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One line with the failure and its root cause: no stack trace. */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(oneLine(error));
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != error) {
      text.append(" (caused by ").append(oneLine(root)).append(')');
    }
    return text.toString();
  }

  private static String oneLine(Throwable t) {
    return t.getMessage() == null
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** One sync of the session: what it writes, who waits for it, and how far it got. */
  private static final class Job {
    final SyncTrigger trigger;
    final boolean finalWrite;

    /** Change path: the changes to write. Full reconcile: the changes it takes over. */
    final Map<PositionKey, Position> changes;

    final List<CompletableFuture<SyncResult>> waiters;
    final Instant startedAt;
    final boolean driftCounted;
    final boolean listeningAtStart;
    SyncExecutor.Cancellable timeout;
    boolean applying;
    boolean abandoned;

    Job(
        SyncTrigger trigger,
        boolean finalWrite,
        Map<PositionKey, Position> changes,
        List<CompletableFuture<SyncResult>> waiters,
        Instant startedAt,
        boolean driftCounted,
        boolean listeningAtStart) {
      this.trigger = trigger;
      this.finalWrite = finalWrite;
      this.changes = changes;
      this.waiters = waiters;
      this.startedAt = startedAt;
      this.driftCounted = driftCounted;
      this.listeningAtStart = listeningAtStart;
    }

    void cancelTimeout() {
      if (timeout != null) {
        timeout.cancel();
        timeout = null;
      }
    }
  }
}
