package org.tradeplatform.broker.ibkr.wire;

/**
 * NEXT_VALID_ID (id 9): the next order id; with MANAGED_ACCTS it marks the API as ready.
 *
 * @param orderId the next valid order id
 */
public record NextValidId(int orderId) implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.NEXT_VALID_ID.id();
  }
}
