package org.tradeplatform.broker.ibkr.wire;

/**
 * REQ_IDS (id 8): asks for NEXT_VALID_ID. TWS ignores the count; send 1.
 *
 * @param numIds number of ids wanted
 */
public record RequestIds(int numIds) implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.REQ_IDS;
  }
}
