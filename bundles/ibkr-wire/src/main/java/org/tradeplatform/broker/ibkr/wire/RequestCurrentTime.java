package org.tradeplatform.broker.ibkr.wire;

/** REQ_CURRENT_TIME (id 49): asks for CURRENT_TIME, a cheap round trip. */
public record RequestCurrentTime() implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.REQ_CURRENT_TIME;
  }
}
