package org.tradeplatform.broker.ibkr.wire;

/**
 * ACCT_DOWNLOAD_END (id 54): the initial account-updates download of one account is complete.
 *
 * @param accountName the account
 */
public record AccountDownloadEnd(String accountName) implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.ACCT_DOWNLOAD_END.id();
  }
}
