package org.tradeplatform.position.sync.internal;

import java.time.Instant;
import org.tradeplatform.position.api.SyncStatistics;

/** Arithmetic on {@link SyncStatistics}: the total over sessions. */
final class Statistics {
  private Statistics() {}

  /** Nothing counted yet. */
  static final SyncStatistics EMPTY =
      new SyncStatistics(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null);

  /**
   * Counters added up; the "last sync" fields come from whichever side synced last, the last
   * success is the later of both.
   */
  static SyncStatistics sum(SyncStatistics a, SyncStatistics b) {
    SyncStatistics latest = isAfter(b.lastSyncAt(), a.lastSyncAt()) ? b : a;
    return new SyncStatistics(
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
        latest.lastError());
  }

  /**
   * A session that is gone: its counters stay in the total, but it no longer holds positions or
   * callbacks.
   */
  static SyncStatistics retired(SyncStatistics s) {
    return new SyncStatistics(
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
        s.lastError());
  }

  private static boolean isAfter(Instant a, Instant b) {
    return a != null && (b == null || a.isAfter(b));
  }
}
