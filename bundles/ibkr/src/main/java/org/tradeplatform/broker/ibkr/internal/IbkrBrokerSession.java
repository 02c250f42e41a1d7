package org.tradeplatform.broker.ibkr.internal;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.PnlListener;
import org.tradeplatform.broker.api.PositionListener;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * The {@link BrokerSession} service object of one gateway connection. The same object is registered
 * again after every reconnect; listeners stay attached across reconnects.
 */
final class IbkrBrokerSession implements BrokerSession {
  private final IbkrConnection connection;

  IbkrBrokerSession(IbkrConnection connection) {
    this.connection = connection;
  }

  @Override
  public String id() {
    return connection.id();
  }

  @Override
  public Set<String> accounts() {
    return connection.scope();
  }

  @Override
  public CompletionStage<PositionSnapshot> positions() {
    return connection.requestPositions();
  }

  @Override
  public void addPositionListener(PositionListener listener) {
    connection.listeners().add(listener);
  }

  @Override
  public void removePositionListener(PositionListener listener) {
    connection.listeners().remove(listener);
  }

  @Override
  public void addPnlListener(PnlListener listener) {
    connection.listeners().add(listener);
  }

  @Override
  public void removePnlListener(PnlListener listener) {
    connection.listeners().remove(listener);
  }

  @Override
  public String toString() {
    return "IbkrBrokerSession[" + connection.id() + "]";
  }
}
