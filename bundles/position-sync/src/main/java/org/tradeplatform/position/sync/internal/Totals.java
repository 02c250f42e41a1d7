package org.tradeplatform.position.sync.internal;

import java.time.Instant;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * The counters of one session or of many: position syncs and PnL writes, added up together.
 *
 * @param sync the position sync counters
 * @param pnl the PnL write counters
 */
record Totals(SyncStatistics sync, PnlStatistics pnl) {

  /** Nothing counted yet. */
  static final Totals EMPTY =
      new Totals(
          new SyncStatistics(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, 0, 0),
          PnlStatistics.EMPTY);

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
        PnlStatistics.sum(pnl, other.pnl));
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
        PnlStatistics.retired(pnl));
  }

  private static boolean isAfter(Instant a, Instant b) {
    return a != null && (b == null || a.isAfter(b));
  }
}
