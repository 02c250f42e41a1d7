package org.tradeplatform.position.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Counters of the sync component's PnL path, for one broker session or in total. Kept apart from
 * {@link SyncStatistics}: a PnL write is never a position sync (since 2.0).
 *
 * @param registeredListeners PnL listeners currently registered
 * @param updatesReceived PnL updates heard from the broker
 * @param writes PnL writes committed
 * @param writesFailed PnL writes that failed (their values are kept for the next one)
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
    @Nullable Instant lastWriteAt,
    @Nullable String lastError) {}
