package org.tradeplatform.broker.ibkr.wire;

/**
 * CANCEL_POSITIONS_MULTI (id 75): ends a per-account positions subscription.
 *
 * @param reqId the subscription's request id
 */
public record CancelPositionsMulti(int reqId) implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.CANCEL_POSITIONS_MULTI;
  }
}
