package org.tradeplatform.broker.ibkr.wire;

/**
 * REQ_POSITIONS_MULTI (id 74): subscribes to the positions of one account or model (for FA logins
 * with more than 50 sub-accounts).
 *
 * @param reqId request id, echoed in POSITION_MULTI and POSITION_MULTI_END
 * @param account the account (or FA group), {@code null} for all
 * @param modelCode the model, usually {@code null}
 */
public record RequestPositionsMulti(int reqId, String account, String modelCode)
    implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.REQ_POSITIONS_MULTI;
  }
}
