package org.tradeplatform.broker.ibkr.wire;

/**
 * POSITION_MULTI_END (id 72): the initial rows of one per-account subscription are complete.
 *
 * @param reqId the subscription's request id
 */
public record PositionMultiEnd(int reqId) implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.POSITION_MULTI_END.id();
  }
}
