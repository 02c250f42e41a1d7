package org.tradeplatform.broker.ibkr.wire;

/**
 * REQ_POSITIONS (id 61): subscribes to the positions of every account (one subscription per
 * connection); answered by a snapshot, POSITION_END, then changes.
 */
public record RequestPositions() implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.REQ_POSITIONS;
  }
}
