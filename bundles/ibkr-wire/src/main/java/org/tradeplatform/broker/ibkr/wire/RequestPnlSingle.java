package org.tradeplatform.broker.ibkr.wire;

/**
 * REQ_PNL_SINGLE (id 94): subscribes to PNL_SINGLE of one position. An unknown conId gets no answer
 * at all, so callers need a timeout.
 *
 * @param reqId request id, echoed in PNL_SINGLE
 * @param account the account
 * @param modelCode the model, usually {@code null}
 * @param conId the contract id
 */
public record RequestPnlSingle(int reqId, String account, String modelCode, int conId)
    implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.REQ_PNL_SINGLE;
  }
}
