package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.position.api.StoredPosition;

/** A row of {@code positions_view} as MyBatis maps it (columns to fields by name). */
public final class PositionRecord {
  private String account;
  private long conId;
  private String symbol;
  private String secType;
  private String currency;
  private String exchange;
  private String localSymbol;
  private String tradingClass;
  private String expiry;
  private BigDecimal strike;
  private String optionRight;
  private String multiplier;
  private BigDecimal quantity;
  private BigDecimal averageCost;
  private BigDecimal marketPrice;
  private BigDecimal marketValue;
  private BigDecimal unrealizedPnl;
  private BigDecimal realizedPnl;
  private OffsetDateTime closedAt;
  private OffsetDateTime updatedAt;
  private OffsetDateTime lastSyncedAt;

  StoredPosition toStoredPosition() {
    Contract contract =
        new Contract(
            conId,
            symbol,
            secType,
            currency,
            exchange,
            localSymbol,
            tradingClass,
            expiry,
            strike,
            optionRight,
            multiplier);
    return new StoredPosition(
        new Position(account, contract, quantity, averageCost),
        marketPrice,
        marketValue,
        unrealizedPnl,
        realizedPnl,
        instant(closedAt),
        instant(updatedAt),
        instant(lastSyncedAt));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
