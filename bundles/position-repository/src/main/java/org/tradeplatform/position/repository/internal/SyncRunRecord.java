package org.tradeplatform.position.repository.internal;

import java.time.OffsetDateTime;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

/** A row of {@code sync_runs} as MyBatis maps it. */
public final class SyncRunRecord {
  private long id;
  private String brokerId;
  private String trigger;
  private OffsetDateTime startedAt;
  private OffsetDateTime finishedAt;
  private String status;
  private int inserted;
  private int updated;
  private int closed;
  private int unchanged;
  private String error;

  SyncRun toSyncRun() {
    return new SyncRun(
        id,
        brokerId,
        SyncTrigger.valueOf(trigger),
        startedAt.toInstant(),
        finishedAt == null ? null : finishedAt.toInstant(),
        status,
        inserted,
        updated,
        closed,
        unchanged,
        error);
  }
}
