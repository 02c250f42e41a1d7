package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;

/**
 * Everything the connection may send: requests that read positions and PnL, nothing that could
 * place, modify or cancel an order.
 */
interface GatewayRequests {
  void startApi(int clientId) throws IOException;

  void requestIds() throws IOException;

  void requestCurrentTime() throws IOException;

  void requestPositions() throws IOException;

  void cancelPositions() throws IOException;

  void requestPositionsMulti(int reqId, String account) throws IOException;

  void cancelPositionsMulti(int reqId) throws IOException;

  void requestAccountUpdates(boolean subscribe, String account) throws IOException;

  void requestPnlSingle(int reqId, String account, long conId) throws IOException;

  void cancelPnlSingle(int reqId) throws IOException;
}
