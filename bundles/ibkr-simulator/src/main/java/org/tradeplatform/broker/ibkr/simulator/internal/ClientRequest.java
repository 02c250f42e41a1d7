package org.tradeplatform.broker.ibkr.simulator.internal;

/** A decoded request from a client, in the subset the simulator serves. */
sealed interface ClientRequest {
  record StartApi(int clientId) implements ClientRequest {}

  record RequestIds() implements ClientRequest {}

  record RequestCurrentTime() implements ClientRequest {}

  record RequestPositions() implements ClientRequest {}

  record CancelPositions() implements ClientRequest {}

  record RequestPositionsMulti(int reqId, String account, String modelCode)
      implements ClientRequest {}

  record CancelPositionsMulti(int reqId) implements ClientRequest {}

  record RequestAccountUpdates(boolean subscribe, String account) implements ClientRequest {}

  record RequestPnlSingle(int reqId, String account, String modelCode, long conId)
      implements ClientRequest {}

  record CancelPnlSingle(int reqId) implements ClientRequest {}

  /** Any other message id: answered with nothing, as a gateway ignores what it cannot serve. */
  record Unsupported(int messageId) implements ClientRequest {}
}
