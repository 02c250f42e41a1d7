package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;

/**
 * PNL_SINGLE (id 95): PnL of one position, about once a second (TWS Portfolio Window values;
 * unrealized and realized since inception). A {@code null} double was sent as the unset sentinel
 * {@code 1.7976931348623157E308}; an empty field is 0.0, as in IB's client.
 *
 * @param reqId the subscription's request id
 * @param position exact signed quantity, {@code null} when unset
 * @param dailyPnl today's PnL
 * @param unrealizedPnl unrealized PnL
 * @param realizedPnl realized PnL
 * @param value market value of the position
 */
public record PnlSingle(
    int reqId,
    BigDecimal position,
    Double dailyPnl,
    Double unrealizedPnl,
    Double realizedPnl,
    Double value)
    implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.PNL_SINGLE.id();
  }

  /** {@link #dailyPnl} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal dailyPnlDecimal() {
    return WireValues.decimal(dailyPnl);
  }

  /** {@link #unrealizedPnl} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal unrealizedPnlDecimal() {
    return WireValues.decimal(unrealizedPnl);
  }

  /** {@link #realizedPnl} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal realizedPnlDecimal() {
    return WireValues.decimal(realizedPnl);
  }

  /** {@link #value} as the decimal it prints as, {@code null} when unset. */
  public BigDecimal valueDecimal() {
    return WireValues.decimal(value);
  }
}
