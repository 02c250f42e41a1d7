package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.SyncTrigger;

/** A row of the as-of query as MyBatis maps it (columns to fields by name). */
public final class HeldPositionRecord {
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
  private OffsetDateTime heldSince;
  private String trigger;

  HeldPosition toHeldPosition() {
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
    return new HeldPosition(
        new Position(account, contract, quantity, averageCost),
        Optional.ofNullable(heldSince).map(OffsetDateTime::toInstant),
        Optional.ofNullable(trigger).map(SyncTrigger::valueOf));
  }
}
