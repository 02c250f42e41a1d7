package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.SyncTrigger;

/** A row of {@code position_history} as MyBatis maps it (columns to fields by name). */
public final class HistoryEntryRecord {
  private long id;
  private String account;
  private long conId;
  private BigDecimal oldQuantity;
  private BigDecimal newQuantity;
  private OffsetDateTime changedAt;
  private String trigger;
  private BigDecimal averageCost;
  private long syncRunId;

  PositionHistoryEntry toEntry() {
    return new PositionHistoryEntry(
        id,
        new PositionKey(account, conId),
        Optional.ofNullable(oldQuantity),
        newQuantity,
        changedAt.toInstant(),
        Optional.ofNullable(trigger).map(SyncTrigger::valueOf),
        Optional.ofNullable(averageCost),
        syncRunId);
  }
}
