package org.tradeplatform.broker.ibkr.wire;

/** POSITION_END (id 62): the initial positions snapshot is complete. */
public record PositionEnd() implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.POSITION_END.id();
  }
}
