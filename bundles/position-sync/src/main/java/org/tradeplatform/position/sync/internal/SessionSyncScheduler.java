package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionListener;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.SyncOutcome;
import org.tradeplatform.position.api.SyncReport;
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
 *       after it, unless the snapshot it committed already holds them.
 *   <li>Single flight: at most one sync of the session at a time; triggers during a sync are
 *       remembered and produce one follow-up.
 *   <li>Failure: counted, logged once per streak, recorded in {@code sync_runs} and retried after
 *       the {@link RetryStreak} backoff (the changes of a failed write stay pending). A reconcile
 *       whose session is withdrawn before it could write is abandoned, not failed.
 * </ul>
 *
 * <p>Concurrency: all state is guarded by {@code this}; the lock is never held while calling the
 * broker, the repository, the reporter or the logger, so the broker's I/O thread only ever waits
 * for bookkeeping.
 */
final class SessionSyncScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(SessionSyncScheduler.class);

  /** The shortest time between two "triggered a sync" lines of one session. */
  private static final Duration LOG_WINDOW = Duration.ofSeconds(1);

  private final BrokerSession session;
  private final String brokerId;
  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final SyncReporter reporter;
  private final PositionListener listener = (source, position) -> positionChanged(position);
  private final Instant attachedAt;
  private final double periodicPhase;
  private final CompletableFuture<Void> retired = new CompletableFuture<>();

  private SyncSettings settings;
  private final Map<PositionKey, Heard> pending = new LinkedHashMap<>();
  private boolean callbackQueued;
  private SyncTrigger fullRequested;
  private final List<CompletableFuture<SyncResult>> fullWaiters = new ArrayList<>();
  private Instant lastCallbackStart;
  private Instant lastFullStart;
  private final RetryStreak streak = new RetryStreak();
  private Job running;
  private boolean detached;
  private SyncExecutor.Cancellable wakeUp;
  private Instant wakeUpAt;
  private boolean listening;
  private boolean firstSyncDone;
  private Optional<Instant> lastTriggerLogAt = Optional.empty();
  private int queued;
  private long commits;
  private long heldCommit;

  /** The listener has heard every change since the last successful full reconcile began. */
  private boolean changePathContinuous;

  private long syncsStarted;
  private long syncsSucceeded;
  private long syncsFailed;
  private long syncsAbandoned;
  private long callbackTriggers;
  private long coalescedTriggers;
  private long drift;
  private long positionsHeld;
  private Instant lastSyncAt;
  private Instant lastSuccessAt;
  private Duration lastSyncDuration;
  private SyncTrigger lastTrigger;

  SessionSyncScheduler(
      BrokerSession session,
      PositionRepository repository,
      SyncExecutor executor,
      SyncSettings settings,
      SyncReporter reporter) {
    this.session = session;
    this.brokerId = session.id();
    this.repository = repository;
    this.executor = executor;
    this.settings = settings;
    this.reporter = reporter;
    this.attachedAt = executor.now();
    this.periodicPhase = periodicPhase(brokerId);
    this.lastFullStart = attachedAt.minus(phase());
  }

  String brokerId() {
    return brokerId;
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
   * and drops the rest. A reconcile still waiting for the broker is abandoned. Never waits for the
   * broker or the database.
   */
  void detach() {
    listen(false);
    List<CompletableFuture<SyncResult>> dropped = new ArrayList<>();
    Job next;
    Optional<Job> abandoned = Optional.empty();
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
        syncsAbandoned++;
        mergeBack(job.changes);
        dropped.addAll(job.waiters);
        abandoned = Optional.of(job);
      }
      next = dispatch();
    }
    dropped.forEach(waiter -> waiter.completeExceptionally(unbound()));
    abandoned.ifPresent(
        job -> {
          LOG.info(
              "Position sync of {} ({}) abandoned: the broker session was withdrawn before it"
                  + " answered; the next session's bind reconcile takes over",
              brokerId,
              job.trigger);
          reporter.finished(report(job, SyncOutcome.ABANDONED, Optional.of("session withdrawn")));
        });
    launch(next);
  }

  /** The listener's work: record, count, schedule. Runs on the broker's I/O thread. */
  private void positionChanged(Position position) {
    Instant heardAt = executor.now();
    long heardNanos = executor.nanoTime();
    Job next;
    synchronized (this) {
      if (detached) {
        return;
      }
      callbackTriggers++;
      pending.merge(
          position.key(),
          new Heard(position, heardAt, heardNanos),
          (older, newer) -> new Heard(newer.position, older.heardAt, older.heardNanos));
      if (callbackQueued) {
        coalescedTriggers++;
        return;
      }
      callbackQueued = true;
      next = dispatch();
    }
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
        streak.lastError().orElse(null),
        syncsAbandoned,
        queued);
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
      fullDue = fullWaiters.isEmpty() ? streak.notBefore(now) : now;
    } else {
      fullTrigger = SyncTrigger.PERIODIC;
      fullDue = streak.notBefore(lastFullStart.plus(settings.periodicInterval()));
    }
    if (!fullDue.isAfter(now)) {
      return start(startFull(fullTrigger, now));
    }
    Instant due = fullDue;
    if (callbackQueued) {
      Instant callbackDue =
          streak.notBefore(
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
    // After a bind, the periodic timer starts at this session's phase, so that gateways bound
    // together do not all reconcile in the same seconds.
    lastFullStart = trigger == SyncTrigger.BIND ? now.minus(phase()) : now;
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

  /** How much earlier than the interval the first periodic reconcile after a bind comes. */
  private Duration phase() {
    if (!settings.spreadPeriodic()) {
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) (settings.periodicInterval().toMillis() * periodicPhase));
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
   * Runs outside the lock: queues the job dispatch chose, or notes that a detached session is done.
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
    synchronized (this) {
      queued++;
      job.queuedAt = executor.now();
    }
    try {
      executor.execute(() -> run(job));
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        queued--;
      }
      if (job.finalWrite) {
        // Shutting down: launch is then only reached from our own executor thread, which may
        // still write the changes the broker already reported.
        run(job);
      } else {
        boolean gaveUp;
        synchronized (this) {
          gaveUp = running == job;
          if (gaveUp) {
            running = null;
            syncsAbandoned++;
          }
        }
        if (gaveUp) {
          reporter.finished(
              report(job, SyncOutcome.ABANDONED, Optional.of("the sync component is stopping")));
        }
      }
    }
  }

  private void run(Job job) {
    Duration waited;
    Duration queueTimeout;
    boolean logTrigger = false;
    synchronized (this) {
      queued = Math.max(0, queued - 1);
      Instant now = executor.now();
      waited = Duration.between(job.queuedAt, now);
      queueTimeout = settings.queueTimeout();
      if (job.trigger == SyncTrigger.CALLBACK && !job.finalWrite) {
        Duration window =
            settings.debounce().compareTo(LOG_WINDOW) > 0 ? settings.debounce() : LOG_WINDOW;
        if (lastTriggerLogAt.isEmpty() || !now.isBefore(lastTriggerLogAt.get().plus(window))) {
          lastTriggerLogAt = Optional.of(now);
          logTrigger = true;
        }
      }
    }
    if (logTrigger) {
      LOG.info("Position update for {} triggered a sync", brokerId);
    }
    if (!job.finalWrite && waited.compareTo(queueTimeout) > 0) {
      failed(
          job,
          new TimeoutException(
              "waited "
                  + waited.toSeconds()
                  + " s for a free sync thread (queueTimeoutSeconds "
                  + queueTimeout.toSeconds()
                  + "; raise syncThreads)"));
      return;
    }
    try {
      if (job.trigger.isFullReconcile()) {
        requestSnapshot(job);
      } else {
        SyncResult result =
            repository.apply(brokerId, positions(job.changes), SyncTrigger.CALLBACK);
        succeeded(job, result, Optional.empty());
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
          synchronized (this) {
            queued++;
          }
          try {
            executor.execute(() -> applySnapshot(job, snapshot, error));
          } catch (RejectedExecutionException e) {
            synchronized (this) {
              queued--;
            }
            LOG.debug("Position sync executor is shut down; snapshot of {} dropped", brokerId);
          }
        });
  }

  private void applySnapshot(Job job, PositionSnapshot snapshot, Throwable error) {
    synchronized (this) {
      queued = Math.max(0, queued - 1);
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
      succeeded(job, result, Optional.of(snapshot));
    } catch (RuntimeException | Error e) {
      failed(job, e);
    }
  }

  private void succeeded(Job job, SyncResult result, Optional<PositionSnapshot> snapshot) {
    Instant committedAt = executor.now();
    long committedNanos = executor.nanoTime();
    long driftFound = 0;
    Duration took;
    int recoveredAfter;
    boolean firstSync;
    long commit;
    Job next;
    List<HeardChange> heard = new ArrayList<>();
    synchronized (this) {
      running = null;
      commit = ++commits;
      took = Duration.between(job.startedAt, committedAt);
      syncsSucceeded++;
      lastSyncAt = committedAt;
      lastSuccessAt = committedAt;
      lastSyncDuration = took;
      lastTrigger = job.trigger;
      recoveredAfter = streak.succeeded();
      firstSync = !firstSyncDone;
      firstSyncDone = true;
      if (snapshot.isPresent()) {
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
        changePathContinuous = listening && job.listeningAtStart;
        // Changes heard while the reconcile ran that its snapshot already holds are written:
        // writing them again would only re-compare them (after a bind, the whole book).
        Set<PositionKey> reported = snapshot.get().keys();
        Map<PositionKey, Position> answered = new LinkedHashMap<>();
        snapshot.get().positions().forEach(p -> answered.put(p.key(), p));
        pending
            .entrySet()
            .removeIf(
                e -> {
                  Position p = e.getValue().position;
                  boolean held =
                      reported.contains(e.getKey())
                          ? p.equals(answered.get(e.getKey()))
                          : p.isFlat() && snapshot.get().accounts().contains(p.account());
                  if (held) {
                    job.changes.putIfAbsent(e.getKey(), e.getValue());
                  }
                  return held;
                });
        if (pending.isEmpty()) {
          callbackQueued = false;
        }
      }
      next = dispatch();
    }
    // Events first: everything below (log lines, the observers' report, Held) can wait for them.
    try {
      reporter.committed(brokerId, job.trigger, result);
    } catch (RuntimeException e) {
      LOG.warn("Could not publish the events of a position sync of {}: {}", brokerId, e.toString());
    }
    for (PositionChange change : result.changes()) {
      Heard h = job.changes.get(change.position().key());
      if (h != null) {
        heard.add(
            new HeardChange(
                change.position().key(), h.heardAt, h.heardNanos, committedAt, committedNanos));
      }
    }
    RetryStreak.logRecovery(LOG, "Position sync of " + brokerId, recoveredAfter);
    String line =
        "Position sync of {} ({}): inserted {}, updated {}, closed {}, unchanged {}, drift {}, in {}"
            + " ms";
    Object[] values = {
      brokerId,
      job.trigger,
      result.inserted(),
      result.updated(),
      result.closed(),
      result.unchanged(),
      driftFound,
      took.toMillis()
    };
    if (result.changed() > 0 || firstSync) {
      LOG.info(line, values);
    } else {
      LOG.debug(line, values);
    }
    // Held is read before anyone hears of the sync, so a caller of syncNow then sees it.
    if (result.changed() > 0 || snapshot.isPresent()) {
      recountHeld(commit, snapshot.map(PositionSnapshot::accounts).orElseGet(session::accounts));
    }
    reporter.finished(
        new SyncReport(
            brokerId,
            job.trigger,
            job.startedAt,
            took,
            SyncOutcome.SUCCEEDED,
            Optional.empty(),
            result.inserted(),
            result.updated(),
            result.closed(),
            result.unchanged(),
            heard));
    job.waiters.forEach(waiter -> waiter.complete(result));
    launch(next);
  }

  /**
   * Held: the open positions the store holds for the session's accounts, read after a commit. A
   * count read after an older commit never replaces one read after a newer commit.
   */
  private void recountHeld(long commit, Set<String> accounts) {
    long held = 0;
    try {
      for (String account : accounts) {
        held += repository.positions(account, false).size();
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not count the open positions of {}: {}", brokerId, e.toString());
      return;
    }
    synchronized (this) {
      if (commit > heldCommit) {
        heldCommit = commit;
        positionsHeld = held;
      }
    }
  }

  private void failed(Job job, Throwable error) {
    Throwable cause = RetryStreak.unwrap(error);
    Job next;
    RetryStreak.Failure failure;
    Duration took;
    synchronized (this) {
      if (running != job) {
        return;
      }
      running = null;
      Instant now = executor.now();
      syncsFailed++;
      lastSyncAt = now;
      took = Duration.between(job.startedAt, now);
      lastSyncDuration = took;
      lastTrigger = job.trigger;
      failure = streak.failed(now, cause);
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
    failure.log(LOG, "Position sync of " + brokerId + " (" + job.trigger + ")");
    if (!(cause instanceof PositionStoreException)) {
      // The store records the failures it throws; these never reached it.
      try {
        repository.recordFailedSync(brokerId, job.trigger, job.startedAt, failure.message());
      } catch (RuntimeException e) {
        LOG.debug("Could not record the failed sync of {}: {}", brokerId, e.toString());
      }
    }
    reporter.finished(report(job, SyncOutcome.FAILED, Optional.of(failure.message())));
    job.waiters.forEach(waiter -> waiter.completeExceptionally(cause));
    launch(next);
  }

  private SyncReport report(Job job, SyncOutcome outcome, Optional<String> reason) {
    return new SyncReport(
        brokerId,
        job.trigger,
        job.startedAt,
        Duration.between(job.startedAt, executor.now()),
        outcome,
        reason,
        0,
        0,
        0,
        0,
        List.of());
  }

  /** Puts back changes of a sync that did not commit; changes received since are newer. */
  private void mergeBack(Map<PositionKey, Heard> changes) {
    changes.forEach(pending::putIfAbsent);
    if (!pending.isEmpty() && !detached) {
      callbackQueued = true;
    }
  }

  private IllegalStateException unbound() {
    return new IllegalStateException("broker session " + brokerId + " is no longer bound");
  }

  private static List<Position> positions(Map<PositionKey, Heard> changes) {
    List<Position> positions = new ArrayList<>(changes.size());
    changes.values().forEach(h -> positions.add(h.position));
    return positions;
  }

  /**
   * A fraction in [0, 0.5) that depends only on the broker id (Fibonacci hashing, so that ids that
   * differ in one character still land far apart).
   */
  static double periodicPhase(String brokerId) {
    long mixed = brokerId.hashCode() * 0x9E3779B97F4A7C15L;
    return (mixed >>> 11) * 0x1.0p-53 / 2;
  }

  /** The latest reported state of a position and when the listener first heard of it. */
  private record Heard(Position position, Instant heardAt, long heardNanos) {}

  /** One sync of the session: what it writes, who waits for it, and how far it got. */
  private static final class Job {
    final SyncTrigger trigger;
    final boolean finalWrite;

    /** Change path: the changes to write. Full reconcile: the changes it takes over. */
    final Map<PositionKey, Heard> changes;

    final List<CompletableFuture<SyncResult>> waiters;
    final Instant startedAt;
    final boolean driftCounted;
    final boolean listeningAtStart;
    Instant queuedAt;
    SyncExecutor.Cancellable timeout;
    boolean applying;
    boolean abandoned;

    Job(
        SyncTrigger trigger,
        boolean finalWrite,
        Map<PositionKey, Heard> changes,
        List<CompletableFuture<SyncResult>> waiters,
        Instant startedAt,
        boolean driftCounted,
        boolean listeningAtStart) {
      this.trigger = trigger;
      this.finalWrite = finalWrite;
      this.changes = changes;
      this.waiters = waiters;
      this.startedAt = startedAt;
      this.queuedAt = startedAt;
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
