package org.tradeplatform.broker.ibkr.wire;

/**
 * CANCEL_PNL_SINGLE (id 95): ends a PnL-single subscription.
 *
 * @param reqId the subscription's request id
 */
public record CancelPnlSingle(int reqId) implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.CANCEL_PNL_SINGLE;
  }
}
