package org.tradeplatform.position.sync.internal;

import java.time.Instant;
import org.tradeplatform.position.api.PnlStatistics;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * The counters of one session or of many: position syncs and PnL writes, added up together.
 *
 * @param sync the position sync counters
 * @param pnl the PnL write counters
 */
record Totals(SyncStatistics sync, PnlStatistics pnl) {

  /** No PnL counted yet. */
  static final PnlStatistics NO_PNL = new PnlStatistics(0, 0, 0, 0, 0, null, null);

  /** Nothing counted yet. */
  static final Totals EMPTY =
      new Totals(
          new SyncStatistics(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, 0, 0), NO_PNL);

  /**
   * Counters added up; the "last sync" fields come from whichever side synced last, the last
   * success is the later of both.
   */
  Totals plus(Totals other) {
    SyncStatistics a = sync;
    SyncStatistics b = other.sync;
    SyncStatistics latest = isAfter(b.lastSyncAt(), a.lastSyncAt()) ? b : a;
    return new Totals(
        new SyncStatistics(
            a.registeredCallbacks() + b.registeredCallbacks(),
            a.syncsStarted() + b.syncsStarted(),
            a.syncsSucceeded() + b.syncsSucceeded(),
            a.syncsFailed() + b.syncsFailed(),
            a.callbackTriggers() + b.callbackTriggers(),
            a.coalescedTriggers() + b.coalescedTriggers(),
            a.drift() + b.drift(),
            a.positionsHeld() + b.positionsHeld(),
            latest.lastSyncAt(),
            isAfter(b.lastSuccessAt(), a.lastSuccessAt()) ? b.lastSuccessAt() : a.lastSuccessAt(),
            latest.lastSyncDuration(),
            latest.lastTrigger(),
            latest.lastError(),
            a.syncsAbandoned() + b.syncsAbandoned(),
            a.syncsQueued() + b.syncsQueued()),
        plus(pnl, other.pnl));
  }

  /**
   * A session that is gone: its counters stay in the total, but it no longer holds positions,
   * listeners or queued syncs.
   */
  Totals retired() {
    SyncStatistics s = sync;
    return new Totals(
        new SyncStatistics(
            0,
            s.syncsStarted(),
            s.syncsSucceeded(),
            s.syncsFailed(),
            s.callbackTriggers(),
            s.coalescedTriggers(),
            s.drift(),
            0,
            s.lastSyncAt(),
            s.lastSuccessAt(),
            s.lastSyncDuration(),
            s.lastTrigger(),
            s.lastError(),
            s.syncsAbandoned(),
            0),
        new PnlStatistics(
            0,
            pnl.updatesReceived(),
            pnl.writes(),
            pnl.writesFailed(),
            pnl.rowsWritten(),
            pnl.lastWriteAt(),
            pnl.lastError()));
  }

  /**
   * PnL counters added up. The last write is the later of both; the error is the one of a side
   * whose last write failed (the later side's first), so a failing session shows in the total.
   */
  static PnlStatistics plus(PnlStatistics a, PnlStatistics b) {
    boolean bLater = isAfter(b.lastWriteAt(), a.lastWriteAt());
    PnlStatistics later = bLater ? b : a;
    PnlStatistics earlier = bLater ? a : b;
    return new PnlStatistics(
        a.registeredListeners() + b.registeredListeners(),
        a.updatesReceived() + b.updatesReceived(),
        a.writes() + b.writes(),
        a.writesFailed() + b.writesFailed(),
        a.rowsWritten() + b.rowsWritten(),
        later.lastWriteAt(),
        later.lastError() != null ? later.lastError() : earlier.lastError());
  }

  private static boolean isAfter(Instant a, Instant b) {
    return a != null && (b == null || a.isAfter(b));
  }
}
