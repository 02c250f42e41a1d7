package org.tradeplatform.broker.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Market value and profit and loss of one position. It changes every second, so it travels on its
 * own path and is never a position change. Any value may be {@code null} when the broker has not
 * reported it.
 *
 * @param account the broker account
 * @param conId the broker's contract id
 * @param marketPrice last market price per unit
 * @param marketValue market value of the whole position
 * @param unrealizedPnl unrealized profit and loss
 * @param realizedPnl realized profit and loss (see the README for which IB source fills it)
 * @param reportedAt when the broker's message arrived
 */
public record PositionPnl(
    String account,
    long conId,
    @Nullable BigDecimal marketPrice,
    @Nullable BigDecimal marketValue,
    @Nullable BigDecimal unrealizedPnl,
    @Nullable BigDecimal realizedPnl,
    Instant reportedAt) {

  public PositionPnl {
    new PositionKey(account, conId); // validates account and conId
    Objects.requireNonNull(reportedAt, "reportedAt");
    marketPrice = Decimals.normalize(marketPrice);
    marketValue = Decimals.normalize(marketValue);
    unrealizedPnl = Decimals.normalize(unrealizedPnl);
    realizedPnl = Decimals.normalize(realizedPnl);
  }

  public PositionKey key() {
    return new PositionKey(account, conId);
  }
}
