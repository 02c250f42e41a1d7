package org.tradeplatform.broker.ibkr.wire;

/** CANCEL_POSITIONS (id 64): ends the positions subscription. */
public record CancelPositions() implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.CANCEL_POSITIONS;
  }
}
