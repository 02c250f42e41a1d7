package org.tradeplatform.position.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.tradeplatform.broker.api.Decimals;
import org.tradeplatform.broker.api.Position;

/**
 * A position as the store holds it.
 *
 * @param position account, contract, quantity and average cost
 * @param marketPrice last market price, {@code null} when never reported
 * @param marketValue market value, {@code null} when never reported
 * @param unrealizedPnl unrealized PnL, {@code null} when never reported
 * @param realizedPnl realized PnL, {@code null} when never reported
 * @param closedAt when the position was closed, {@code null} while open
 * @param updatedAt when the row was last written
 * @param lastSyncedAt when a sync last confirmed the position at the broker
 */
public record StoredPosition(
    Position position,
    @Nullable BigDecimal marketPrice,
    @Nullable BigDecimal marketValue,
    @Nullable BigDecimal unrealizedPnl,
    @Nullable BigDecimal realizedPnl,
    @Nullable Instant closedAt,
    Instant updatedAt,
    Instant lastSyncedAt) {

  public StoredPosition {
    Objects.requireNonNull(position, "position");
    marketPrice = Decimals.normalize(marketPrice);
    marketValue = Decimals.normalize(marketValue);
    unrealizedPnl = Decimals.normalize(unrealizedPnl);
    realizedPnl = Decimals.normalize(realizedPnl);
  }

  public boolean isClosed() {
    return closedAt != null;
  }
}
