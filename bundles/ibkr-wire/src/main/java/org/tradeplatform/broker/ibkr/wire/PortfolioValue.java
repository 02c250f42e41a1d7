package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import java.time.Instant;
import org.tradeplatform.broker.api.PositionPnl;

/**
 * PORTFOLIO_VALUE (id 7): one portfolio row of the account-updates stream (TWS Account Window
 * values; realized PnL resets daily). Doubles are {@code null} when unset.
 *
 * @param contract the instrument (exchange in {@code primaryExchange}, see {@link WireContract})
 * @param position exact signed quantity
 * @param marketPrice market price per unit
 * @param marketValue market value of the position
 * @param averageCost average cost
 * @param unrealizedPnl unrealized PnL
 * @param realizedPnl realized PnL (today, per the Account Window)
 * @param accountName the account
 */
public record PortfolioValue(
    WireContract contract,
    BigDecimal position,
    Double marketPrice,
    Double marketValue,
    Double averageCost,
    Double unrealizedPnl,
    Double realizedPnl,
    String accountName)
    implements ServerMessage {

  @Override
  public int messageId() {
    return IncomingMessage.PORTFOLIO_VALUE.id();
  }

  /**
   * The broker-neutral PnL of this row.
   *
   * @throws IllegalArgumentException when the account is blank or the conId not positive
   */
  public PositionPnl toPositionPnl(Instant reportedAt) {
    return new PositionPnl(
        accountName == null ? "" : accountName,
        contract.conId(),
        marketPriceDecimal(),
        marketValueDecimal(),
        unrealizedPnlDecimal(),
        realizedPnlDecimal(),
        reportedAt);
  }

  /** {@link #marketPrice} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal marketPriceDecimal() {
    return WireValues.decimal(marketPrice);
  }

  /** {@link #marketValue} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal marketValueDecimal() {
    return WireValues.decimal(marketValue);
  }

  /** {@link #unrealizedPnl} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal unrealizedPnlDecimal() {
    return WireValues.decimal(unrealizedPnl);
  }

  /** {@link #realizedPnl} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal realizedPnlDecimal() {
    return WireValues.decimal(realizedPnl);
  }
}
