package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
 *       of its position (a concurrent map; the newer update wins field by field, because the
 *       repository keeps a stored value where a reported one is {@code null}) and, if no write is
 *       queued yet, arms one. It never does I/O.
 *   <li>A write is due one interval after the start of the previous write (or after the session was
 *       bound, so the broker's first burst is one write), or at once after a longer quiet spell. It
 *       hands every pending value to {@link PositionRepository#applyPnl} on the component's
 *       executor; values arriving during a write go into the next one. One write at a time.
 *   <li>A failed write keeps its values (newer ones win), is logged once per streak and retried
 *       after the interval or the backoff of {@link SessionSyncScheduler#backoff}, whichever is
 *       later.
 *   <li>Detach removes the listener and writes the values already received once more, at once and
 *       without retry.
 * </ul>
 */
final class SessionPnlWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPnlWriter.class);

  /** The generation of the write that detach submits: it runs whatever was armed before. */
  private static final long FINAL_WRITE = -1;

  private final BrokerSession session;
  private final String brokerId;
  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final PnlListener listener = (source, pnl) -> pnlUpdated(pnl);
  private final ConcurrentMap<PositionKey, PositionPnl> pending = new ConcurrentHashMap<>();

  /**
   * Set while a write is armed or running. Whoever sets it arms the write; the write clears it when
   * it ends and looks at {@link #pending} again, so no value is left behind without a write.
   */
  private final AtomicBoolean writeQueued = new AtomicBoolean();

  private final LongAdder updatesReceived = new LongAdder();
  private final CompletableFuture<Void> retired = new CompletableFuture<>();
  private volatile boolean detached;

  // Guarded by this; never held while calling the broker or the repository.
  private Duration interval;
  private Instant windowStart;
  private Instant retryNotBefore;
  private SyncExecutor.Cancellable armed;

  /**
   * Identifies the armed write: the wake-up of an older arming, cancelled too late, does nothing.
   */
  private long armedGeneration;

  private boolean writing;
  private boolean listening;
  private int consecutiveFailures;
  private long writes;
  private long writesFailed;
  private long rowsWritten;
  private Instant lastWriteAt;
  private String lastError;

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

  String brokerId() {
    return brokerId;
  }

  /** Completes once the writer is detached and its last write has finished. */
  CompletableFuture<Void> retired() {
    return retired;
  }

  /** Registers the PnL listener on the session. */
  void start() {
    synchronized (this) {
      if (detached || listening) {
        return;
      }
      listening = true;
    }
    session.addPnlListener(listener);
    LOG.info(
        "PnL callbacks registered for broker session {} (written at most every {} s)",
        brokerId,
        interval().toSeconds());
  }

  /** A new interval: a write already armed is re-timed to it. */
  void updateInterval(Duration newInterval) {
    synchronized (this) {
      if (interval.equals(newInterval)) {
        return;
      }
      interval = newInterval;
      if (armed != null && !detached) {
        disarm();
        arm();
      }
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
        updatesReceived.sum(),
        writes,
        writesFailed,
        rowsWritten,
        lastWriteAt,
        lastError);
  }

  /**
   * The listener's work: record and make sure a write is queued. Runs on the broker's I/O thread.
   */
  private void pnlUpdated(PositionPnl pnl) {
    if (detached) {
      return;
    }
    updatesReceived.increment();
    pending.merge(pnl.key(), pnl, SessionPnlWriter::newer);
    if (writeQueued.compareAndSet(false, true)) {
      synchronized (this) {
        arm();
      }
    }
  }

  /** Schedules the write at its due time. Caller holds the lock. */
  private void arm() {
    if (detached) {
      return;
    }
    Instant now = executor.now();
    Instant due = later(now, windowStart.plus(interval));
    if (retryNotBefore != null) {
      due = later(due, retryNotBefore);
    }
    long generation = ++armedGeneration;
    try {
      armed = executor.schedule(() -> write(generation), Duration.between(now, due));
    } catch (RejectedExecutionException e) {
      LOG.debug("Position sync executor is shut down; no further PnL write of {}", brokerId);
    }
  }

  /** Caller holds the lock. */
  private void disarm() {
    armedGeneration++;
    if (armed != null) {
      armed.cancel();
      armed = null;
    }
  }

  private void submitFinalWrite() {
    try {
      executor.execute(() -> write(FINAL_WRITE));
    } catch (RejectedExecutionException e) {
      LOG.debug("Position sync executor is shut down; last PnL values of {} dropped", brokerId);
      pending.clear();
      retireIfIdle();
    }
  }

  /** One write of every pending value, on the component's executor. */
  private void write(long generation) {
    Instant startedAt;
    synchronized (this) {
      if (writing || (generation != FINAL_WRITE && generation != armedGeneration)) {
        return; // superseded by a newer arming or by the final write
      }
      armedGeneration++;
      armed = null;
      writing = true;
      startedAt = executor.now();
    }
    Map<PositionKey, PositionPnl> batch = drain();
    boolean failed = false;
    if (!batch.isEmpty()) {
      synchronized (this) {
        windowStart = startedAt;
      }
      try {
        int rows = repository.applyPnl(List.copyOf(batch.values()));
        succeeded(rows);
      } catch (RuntimeException | Error e) {
        failed = true;
        failed(batch, e);
      }
    }
    boolean again;
    synchronized (this) {
      writing = false;
      if (detached && failed) {
        pending.clear(); // the final write gets no retry
      }
      again = detached && !pending.isEmpty();
    }
    if (detached) {
      if (again) {
        submitFinalWrite(); // values that arrived during the write, before the listener went
      } else {
        retireIfIdle();
      }
      return;
    }
    writeQueued.set(false);
    if (!pending.isEmpty() && writeQueued.compareAndSet(false, true)) {
      synchronized (this) {
        arm();
      }
    }
  }

  /** Takes every pending value; a value put after its key was taken stays for the next write. */
  private Map<PositionKey, PositionPnl> drain() {
    Map<PositionKey, PositionPnl> batch = new LinkedHashMap<>();
    for (PositionKey key : pending.keySet()) {
      PositionPnl value = pending.remove(key);
      if (value != null) {
        batch.put(key, value);
      }
    }
    return batch;
  }

  private void succeeded(int rows) {
    int recoveredAfter;
    synchronized (this) {
      writes++;
      rowsWritten += rows;
      lastWriteAt = executor.now();
      lastError = null;
      recoveredAfter = consecutiveFailures;
      consecutiveFailures = 0;
      retryNotBefore = null;
    }
    if (recoveredAfter > 0) {
      LOG.info("PnL write of {} recovered after {} failed attempts", brokerId, recoveredAfter);
    }
  }

  private void failed(Map<PositionKey, PositionPnl> batch, Throwable error) {
    // Kept for the next attempt; what arrived since is newer and wins field by field.
    batch.forEach((key, older) -> pending.merge(key, older, (newer, old) -> newer(old, newer)));
    String message = SessionSyncScheduler.describe(error);
    boolean firstOfStreak;
    Duration backoff;
    synchronized (this) {
      writesFailed++;
      firstOfStreak = consecutiveFailures == 0;
      lastError = message;
      consecutiveFailures++;
      backoff = SessionSyncScheduler.backoff(consecutiveFailures);
      retryNotBefore = executor.now().plus(backoff);
    }
    if (firstOfStreak) {
      LOG.warn(
          "PnL write of {} failed, keeping {} values for the next attempt: {}",
          brokerId,
          batch.size(),
          message);
    } else {
      LOG.debug("PnL write of {} failed again: {}", brokerId, message);
    }
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

  private synchronized Duration interval() {
    return interval;
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
