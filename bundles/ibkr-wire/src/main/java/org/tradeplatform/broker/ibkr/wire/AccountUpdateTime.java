package org.tradeplatform.broker.ibkr.wire;

/**
 * ACCT_UPDATE_TIME (id 8): the time of the last account update, e.g. {@code 14:35}.
 *
 * @param timeStamp the server's time as text
 */
public record AccountUpdateTime(String timeStamp) implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.ACCT_UPDATE_TIME.id();
  }
}
