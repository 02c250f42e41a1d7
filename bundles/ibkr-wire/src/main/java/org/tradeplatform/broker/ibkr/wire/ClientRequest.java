package org.tradeplatform.broker.ibkr.wire;

/**
 * A request from the client to TWS / IB Gateway. The set is closed (sealed) and contains only
 * read-only requests, one per {@link OutgoingMessage}: there is no way to express an order.
 */
public sealed interface ClientRequest
    permits StartApi,
        RequestIds,
        RequestCurrentTime,
        RequestPositions,
        CancelPositions,
        RequestPositionsMulti,
        CancelPositionsMulti,
        RequestAccountUpdates,
        RequestPnlSingle,
        CancelPnlSingle {

  /** The wire message this request is. */
  OutgoingMessage type();
}
