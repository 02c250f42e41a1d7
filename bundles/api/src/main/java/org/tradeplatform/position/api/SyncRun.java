package org.tradeplatform.position.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The record of one sync applied to the store.
 *
 * @param id the run's id
 * @param brokerId the session's {@code broker.id}
 * @param trigger what started it
 * @param startedAt when the store began applying it
 * @param finishedAt when it committed or failed, {@code null} while running
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code RUNNING}
 * @param inserted rows inserted
 * @param updated rows updated
 * @param closed rows closed
 * @param unchanged positions confirmed unchanged
 * @param error the failure, {@code null} on success
 */
public record SyncRun(
    long id,
    String brokerId,
    SyncTrigger trigger,
    Instant startedAt,
    @Nullable Instant finishedAt,
    String status,
    int inserted,
    int updated,
    int closed,
    int unchanged,
    @Nullable String error) {}
