package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.PnlListener;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.position.api.PositionRepository;

/**
 * Writes the market value and PnL of one bound broker session, at most once per interval.
 *
 * <p>PnL changes every second, so it has its own path beside {@link SessionSyncScheduler}: never a
 * position change, never a sync, never waiting behind one (a PnL write may run while a position
 * sync of the same session runs; the repository is thread-safe).
 *
 * <ul>
 *   <li>The listener runs on the broker's I/O thread: it merges the update into the pending value
 *       of its position (the newer update wins field by field, because the repository keeps a
 *       stored value where a reported one is {@code null}) and, if no write is queued yet, arms
 *       one. It never does I/O.
 *   <li>A write is due one interval after the start of the previous write (or after the session was
 *       bound, so the broker's first burst is one write), or at once after a longer quiet spell. It
 *       hands every pending value to {@link PositionRepository#applyPnl} on the component's
 *       executor; values arriving during a write go into the next one. One write at a time.
 *   <li>A failed write keeps its values (newer ones win), is logged once per streak and retried
 *       after the interval or the {@link RetryStreak} backoff, whichever is later.
 *   <li>Detach removes the listener and writes the values already received once more, at once and
 *       without retry.
 * </ul>
 *
 * <p>Concurrency: the same rule as {@link SessionSyncScheduler}: all state is guarded by {@code
 * this}, and the lock is never held while calling the broker, the repository or the logger.
 */
final class SessionPnlWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPnlWriter.class);

  private final BrokerSession session;
  private final String brokerId;
  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final PnlListener listener = (source, pnl) -> pnlUpdated(pnl);
  private final CompletableFuture<Void> retired = new CompletableFuture<>();

  private final Map<PositionKey, PositionPnl> pending = new LinkedHashMap<>();
  private final RetryStreak streak = new RetryStreak();
  private Duration interval;
  private Instant windowStart;

  /** A write is armed (its wake-up scheduled) or running; whoever sets it arms the write. */
  private boolean writeQueued;

  private boolean writing;
  private boolean listening;
  private boolean detached;
  private Optional<SyncExecutor.Cancellable> armed = Optional.empty();

  /**
   * Identifies the armed write: the wake-up of an older arming, cancelled too late, does nothing.
   */
  private long armedGeneration;

  private long updatesReceived;
  private long writes;
  private long writesFailed;
  private long rowsWritten;
  private Optional<Instant> lastWriteAt = Optional.empty();

  SessionPnlWriter(
      BrokerSession session,
      PositionRepository repository,
      SyncExecutor executor,
      Duration interval) {
    this.session = session;
    this.brokerId = session.id();
    this.repository = repository;
    this.executor = executor;
    this.interval = interval;
    this.windowStart = executor.now();
  }

  /** Completes once the writer is detached and its last write has finished. */
  CompletableFuture<Void> retired() {
    return retired;
  }

  /** Registers the PnL listener on the session. */
  void start() {
    Duration every;
    synchronized (this) {
      if (detached || listening) {
        return;
      }
      listening = true;
      every = interval;
    }
    session.addPnlListener(listener);
    LOG.info(
        "PnL callbacks registered for broker session {} (written at most every {} s)",
        brokerId,
        every.toSeconds());
  }

  /** A new interval: a write already armed is re-timed to it. */
  synchronized void updateInterval(Duration newInterval) {
    if (interval.equals(newInterval)) {
      return;
    }
    interval = newInterval;
    if (armed.isPresent() && !detached) {
      disarm();
      arm();
    }
  }

  /**
   * The session is gone (or PnL writing is off): removes the listener, writes the values already
   * received once, and drops the rest. Never waits for the database.
   */
  void detach() {
    boolean wasListening;
    boolean finalWrite;
    synchronized (this) {
      if (detached) {
        return;
      }
      detached = true;
      wasListening = listening;
      listening = false;
      disarm();
      finalWrite = !writing && !pending.isEmpty();
    }
    if (wasListening) {
      session.removePnlListener(listener);
      LOG.info("PnL callbacks unregistered for broker session {}", brokerId);
    }
    if (finalWrite) {
      submitFinalWrite();
    } else {
      retireIfIdle();
    }
  }

  synchronized PnlStatistics statistics() {
    return new PnlStatistics(
        listening ? 1 : 0,
        updatesReceived,
        writes,
        writesFailed,
        rowsWritten,
        lastWriteAt.orElse(null),
        streak.lastError().orElse(null));
  }

  /**
   * The listener's work: record and make sure a write is queued. Runs on the broker's I/O thread.
   */
  private synchronized void pnlUpdated(PositionPnl pnl) {
    if (detached) {
      return;
    }
    updatesReceived++;
    pending.merge(pnl.key(), pnl, SessionPnlWriter::newer);
    if (!writeQueued) {
      writeQueued = true;
      arm();
    }
  }

  /** Schedules the write at its due time. Caller holds the lock. */
  private void arm() {
    Instant now = executor.now();
    Instant due = streak.notBefore(later(now, windowStart.plus(interval)));
    long generation = ++armedGeneration;
    try {
      armed = Optional.of(executor.schedule(() -> write(generation), Duration.between(now, due)));
    } catch (RejectedExecutionException e) {
      LOG.debug("Position sync executor is shut down; no further PnL write of {}", brokerId);
    }
  }

  /** Caller holds the lock. */
  private void disarm() {
    armedGeneration++;
    armed.ifPresent(SyncExecutor.Cancellable::cancel);
    armed = Optional.empty();
  }

  private void submitFinalWrite() {
    try {
      executor.execute(this::finalWrite);
    } catch (RejectedExecutionException e) {
      LOG.debug("Position sync executor is shut down; last PnL values of {} dropped", brokerId);
      synchronized (this) {
        pending.clear();
      }
      retireIfIdle();
    }
  }

  /** The armed write, on the component's executor. */
  private void write(long generation) {
    Map<PositionKey, PositionPnl> batch;
    synchronized (this) {
      if (writing || detached || generation != armedGeneration) {
        return; // superseded by a newer arming or by the final write
      }
      batch = startWrite();
    }
    boolean written = writeBatch(batch);
    boolean detachedMeanwhile;
    synchronized (this) {
      writing = false;
      writeQueued = false;
      detachedMeanwhile = detached;
      if (!detached && !pending.isEmpty()) {
        writeQueued = true;
        arm();
      }
    }
    if (detachedMeanwhile) {
      afterFinalWrite(written);
    }
  }

  /** The last write after detach: whatever was received, once, without retry. */
  private void finalWrite() {
    Map<PositionKey, PositionPnl> batch;
    synchronized (this) {
      if (writing) {
        return; // the running write submits it again when it ends
      }
      batch = startWrite();
    }
    boolean written = writeBatch(batch);
    synchronized (this) {
      writing = false;
    }
    afterFinalWrite(written);
  }

  private void afterFinalWrite(boolean written) {
    boolean again;
    synchronized (this) {
      if (!written) {
        pending.clear(); // the final write gets no retry
      }
      again = !pending.isEmpty();
    }
    if (again) {
      submitFinalWrite(); // values that arrived during the write, before the listener went
    } else {
      retireIfIdle();
    }
  }

  /** Takes every pending value and marks the write running. Caller holds the lock. */
  private Map<PositionKey, PositionPnl> startWrite() {
    armedGeneration++;
    armed = Optional.empty();
    writing = true;
    Map<PositionKey, PositionPnl> batch = new LinkedHashMap<>(pending);
    pending.clear();
    if (!batch.isEmpty()) {
      windowStart = executor.now();
    }
    return batch;
  }

  /** Writes one batch outside the lock; false if it failed. */
  private boolean writeBatch(Map<PositionKey, PositionPnl> batch) {
    if (batch.isEmpty()) {
      return true;
    }
    int rows;
    try {
      rows = repository.applyPnl(List.copyOf(batch.values()));
    } catch (RuntimeException | Error e) {
      RetryStreak.Failure failure;
      synchronized (this) {
        // Kept for the next attempt; what arrived since is newer and wins field by field.
        batch.forEach((key, older) -> pending.merge(key, older, (newer, old) -> newer(old, newer)));
        writesFailed++;
        failure = streak.failed(executor.now(), e);
      }
      failure.log(
          LOG,
          "PnL write of "
              + brokerId
              + " (keeping "
              + batch.size()
              + " values for the next attempt)");
      return false;
    }
    int recoveredAfter;
    synchronized (this) {
      writes++;
      rowsWritten += rows;
      lastWriteAt = Optional.of(executor.now());
      recoveredAfter = streak.succeeded();
    }
    RetryStreak.logRecovery(LOG, "PnL write of " + brokerId, recoveredAfter);
    return true;
  }

  private void retireIfIdle() {
    boolean idle;
    synchronized (this) {
      idle = detached && !writing;
    }
    if (idle) {
      retired.complete(null);
    }
  }

  /** The newer update, with the older one's values where the newer has not reported any. */
  static PositionPnl newer(PositionPnl older, PositionPnl newer) {
    if (newer.marketPrice() != null
        && newer.marketValue() != null
        && newer.unrealizedPnl() != null
        && newer.realizedPnl() != null) {
      return newer;
    }
    return new PositionPnl(
        newer.account(),
        newer.conId(),
        newer.marketPrice() != null ? newer.marketPrice() : older.marketPrice(),
        newer.marketValue() != null ? newer.marketValue() : older.marketValue(),
        newer.unrealizedPnl() != null ? newer.unrealizedPnl() : older.unrealizedPnl(),
        newer.realizedPnl() != null ? newer.realizedPnl() : older.realizedPnl(),
        newer.reportedAt());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
