package org.tradeplatform.broker.ibkr.wire;

/**
 * REQ_ACCOUNT_UPDATES (IB's REQ_ACCOUNT_DATA, id 6): subscribes to (or ends) the account-updates
 * stream of one account; one account per connection at a time.
 *
 * @param subscribe true to subscribe, false to end the subscription
 * @param accountCode the account
 */
public record RequestAccountUpdates(boolean subscribe, String accountCode)
    implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.REQ_ACCOUNT_DATA;
  }
}
