package org.tradeplatform.position.sync.internal;

import java.time.Instant;

/**
 * Counters of the PnL path, for one broker session or in total. Kept apart from the released {@link
 * org.tradeplatform.position.api.SyncStatistics}: a PnL write is never a position sync.
 *
 * @param registeredListeners PnL listeners currently registered
 * @param updatesReceived PnL updates heard from the broker
 * @param writes PnL writes committed ({@code applyPnl} calls that succeeded)
 * @param writesFailed PnL writes that failed (their values were kept for the next one)
 * @param rowsWritten position rows whose market value or PnL the writes changed
 * @param lastWriteAt when the last successful PnL write finished, {@code null} if none yet
 * @param lastError message of the last failure, {@code null} if the last write succeeded
 */
public record PnlStatistics(
    int registeredListeners,
    long updatesReceived,
    long writes,
    long writesFailed,
    long rowsWritten,
    Instant lastWriteAt,
    String lastError) {

  /** Nothing counted yet. */
  public static final PnlStatistics EMPTY = new PnlStatistics(0, 0, 0, 0, 0, null, null);

  /**
   * Counters added up. The last write is the later of both; the error is the one of a side whose
   * last write failed (the later side's first), so a failing session shows in the total.
   */
  public static PnlStatistics sum(PnlStatistics a, PnlStatistics b) {
    boolean bLater =
        b.lastWriteAt() != null
            && (a.lastWriteAt() == null || b.lastWriteAt().isAfter(a.lastWriteAt()));
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

  /** A session that is gone: its counters stay in the total, its listener does not. */
  static PnlStatistics retired(PnlStatistics s) {
    return new PnlStatistics(
        0,
        s.updatesReceived(),
        s.writes(),
        s.writesFailed(),
        s.rowsWritten(),
        s.lastWriteAt(),
        s.lastError());
  }
}
