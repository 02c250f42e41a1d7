package org.tradeplatform.position.api;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Counters of the sync component, for one broker session or in total.
 *
 * <p>Every sync started ends as exactly one of succeeded, failed or abandoned, so {@code
 * syncsStarted = syncsSucceeded + syncsFailed + syncsAbandoned + (1 if one is running)}.
 *
 * @param registeredCallbacks position listeners currently registered
 * @param syncsStarted syncs begun
 * @param syncsSucceeded syncs committed
 * @param syncsFailed syncs that failed (broker error or timeout, database error, waited too long
 *     for a sync thread); each is logged and recorded in {@code sync_runs}
 * @param callbackTriggers position changes heard from the broker
 * @param coalescedTriggers callback triggers that joined an already scheduled sync
 * @param drift rows a full reconcile had to change that the change path had not written
 * @param positionsHeld open positions of the session's accounts in the store, read after the last
 *     committed sync
 * @param lastSyncAt when the last sync finished, {@code null} if none yet
 * @param lastSuccessAt when the last successful sync finished, {@code null} if none yet
 * @param lastSyncDuration how long the last sync took, {@code null} if none yet
 * @param lastTrigger trigger of the last sync, {@code null} if none yet
 * @param lastError message of the last failure, {@code null} if the last sync succeeded
 * @param syncsAbandoned syncs given up because the broker session was withdrawn before they could
 *     write (a 1100/1101, a disconnect, an unbind); not failures: nothing was written and the next
 *     session's bind reconcile takes over (since 1.2)
 * @param syncsQueued syncs waiting for a free sync thread right now (since 1.2)
 */
public record SyncStatistics(
    int registeredCallbacks,
    long syncsStarted,
    long syncsSucceeded,
    long syncsFailed,
    long callbackTriggers,
    long coalescedTriggers,
    long drift,
    long positionsHeld,
    @Nullable Instant lastSyncAt,
    @Nullable Instant lastSuccessAt,
    @Nullable Duration lastSyncDuration,
    @Nullable SyncTrigger lastTrigger,
    @Nullable String lastError,
    long syncsAbandoned,
    int syncsQueued) {}
