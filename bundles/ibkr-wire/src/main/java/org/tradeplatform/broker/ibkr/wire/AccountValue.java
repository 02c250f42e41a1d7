package org.tradeplatform.broker.ibkr.wire;

/**
 * ACCT_VALUE (id 6): one key/value of the account-updates stream, e.g. {@code NetLiquidation}. Key
 * {@code accountReady} = {@code false} means the server is resetting and values may be wrong.
 *
 * @param key the value's name
 * @param value the value as text
 * @param currency its currency, {@code null} when none
 * @param accountName the account
 */
public record AccountValue(String key, String value, String currency, String accountName)
    implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.ACCT_VALUE.id();
  }
}
