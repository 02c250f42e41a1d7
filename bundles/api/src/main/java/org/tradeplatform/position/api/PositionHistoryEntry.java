package org.tradeplatform.position.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.tradeplatform.broker.api.Decimals;
import org.tradeplatform.broker.api.PositionKey;

/**
 * One quantity change of a position as the store recorded it.
 *
 * @param id the history row's id: breaks ties between changes of one transaction
 * @param key the position
 * @param oldQuantity the quantity before; empty when this change opened the position for the first
 *     time
 * @param newQuantity the quantity after; zero when it closed the position
 * @param changedAt when the store wrote it (taken after the account locks since version 1.2; the
 *     transaction start before)
 * @param trigger what started the sync; empty for changes recorded before version 1.2
 * @param averageCost the average cost written with it; empty before version 1.2 or when unknown
 * @param syncRunId the sync run that wrote it (its record may have been purged since)
 */
public record PositionHistoryEntry(
    long id,
    PositionKey key,
    Optional<BigDecimal> oldQuantity,
    BigDecimal newQuantity,
    Instant changedAt,
    Optional<SyncTrigger> trigger,
    Optional<BigDecimal> averageCost,
    long syncRunId) {

  public PositionHistoryEntry {
    Objects.requireNonNull(key, "key");
    oldQuantity = Objects.requireNonNull(oldQuantity, "oldQuantity").map(Decimals::normalize);
    newQuantity = Decimals.normalize(Objects.requireNonNull(newQuantity, "newQuantity"));
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(trigger, "trigger");
    averageCost = Objects.requireNonNull(averageCost, "averageCost").map(Decimals::normalize);
  }
}
