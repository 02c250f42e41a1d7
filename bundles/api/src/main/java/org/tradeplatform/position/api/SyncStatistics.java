package org.tradeplatform.position.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Counters of the sync component, for one broker session or in total.
 *
 * @param registeredCallbacks position listeners currently registered
 * @param syncsStarted syncs begun
 * @param syncsSucceeded syncs committed
 * @param syncsFailed syncs that failed (broker or database)
 * @param callbackTriggers position changes heard from the broker
 * @param coalescedTriggers callback triggers that joined an already scheduled sync
 * @param drift rows a full reconcile had to change that the change path had not written
 * @param positionsHeld open positions of the session's accounts after the last sync
 * @param lastSyncAt when the last sync finished, {@code null} if none yet
 * @param lastSuccessAt when the last successful sync finished, {@code null} if none yet
 * @param lastSyncDuration how long the last sync took, {@code null} if none yet
 * @param lastTrigger trigger of the last sync, {@code null} if none yet
 * @param lastError message of the last failure, {@code null} if the last sync succeeded
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
    Instant lastSyncAt,
    Instant lastSuccessAt,
    Duration lastSyncDuration,
    SyncTrigger lastTrigger,
    String lastError) {}
