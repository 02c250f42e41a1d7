package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import org.tradeplatform.broker.api.Position;

/**
 * POSITION_DATA (id 61, IB's POSITION): one row of the positions stream, sent for the initial
 * snapshot (until POSITION_END) and again whenever a position changes. Quantity 0 means closed.
 *
 * @param account the account holding it
 * @param contract the instrument
 * @param position exact signed quantity, {@code null} when the server sent an unset value
 * @param averageCost average cost, {@code null} when unset or absent (message version below 3)
 */
public record PositionData(
    String account, WireContract contract, BigDecimal position, Double averageCost)
    implements ServerMessage {

  @Override
  public int messageId() {
    return IncomingMessage.POSITION_DATA.id();
  }

  /**
   * The broker-neutral position.
   *
   * @throws IllegalArgumentException when the row cannot be a position (blank account, conId not
   *     positive, blank symbol, unset quantity)
   */
  public Position toPosition() {
    return Positions.toPosition(account, contract, position, averageCost);
  }

  /** The row a simulator sends for an API position. */
  public static PositionData of(Position p) {
    return new PositionData(
        p.account(),
        WireContract.forPosition(p.contract()),
        p.quantity(),
        p.averageCost() == null ? null : p.averageCost().doubleValue());
  }
}
