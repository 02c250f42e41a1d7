package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import org.tradeplatform.broker.api.Position;

/**
 * POSITION_MULTI (id 71): one row of a per-account (or per-model) positions subscription.
 *
 * @param reqId the subscription's request id
 * @param account the account holding it
 * @param modelCode the model, usually {@code null}
 * @param contract the instrument
 * @param position exact signed quantity, {@code null} when unset
 * @param averageCost average cost, {@code null} when unset
 */
public record PositionMulti(
    int reqId,
    String account,
    String modelCode,
    WireContract contract,
    BigDecimal position,
    Double averageCost)
    implements ServerMessage {

  @Override
  public int messageId() {
    return IncomingMessage.POSITION_MULTI.id();
  }

  /**
   * The broker-neutral position.
   *
   * @throws IllegalArgumentException when the row cannot be a position
   */
  public Position toPosition() {
    return Positions.toPosition(account, contract, position, averageCost);
  }
}
