package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.broker.ibkr.simulator.api.FaultInjector;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.ScriptedTrade;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

/** A {@link GatewaySimulator} that forwards to another, for the OSGi service wrapper. */
abstract class DelegatingSimulator implements GatewaySimulator {
  private final GatewaySimulator delegate;

  DelegatingSimulator(GatewaySimulator delegate) {
    this.delegate = delegate;
  }

  GatewaySimulator delegate() {
    return delegate;
  }

  @Override
  public String host() {
    return delegate.host();
  }

  @Override
  public int port() {
    return delegate.port();
  }

  @Override
  public int serverVersion() {
    return delegate.serverVersion();
  }

  @Override
  public List<String> accounts() {
    return delegate.accounts();
  }

  @Override
  public int connectedClients() {
    return delegate.connectedClients();
  }

  @Override
  public long acceptedConnections() {
    return delegate.acceptedConnections();
  }

  @Override
  public long clientIdRejections() {
    return delegate.clientIdRejections();
  }

  @Override
  public void setPosition(SimulatedPosition position) {
    delegate.setPosition(position);
  }

  @Override
  public SimulatedPosition trade(
      String account, SimulatedContract contract, BigDecimal quantity, BigDecimal price) {
    return delegate.trade(account, contract, quantity, price);
  }

  @Override
  public void setMarketPrice(long conId, BigDecimal price) {
    delegate.setMarketPrice(conId, price);
  }

  @Override
  public List<SimulatedPosition> book() {
    return delegate.book();
  }

  @Override
  public List<SimulatedPosition> book(String account) {
    return delegate.book(account);
  }

  @Override
  public void play(List<ScriptedTrade> script, double tradesPerSecond) {
    delegate.play(script, tradesPerSecond);
  }

  @Override
  public int scriptRemaining() {
    return delegate.scriptRemaining();
  }

  @Override
  public void randomWalk(double tradesPerSecond) {
    delegate.randomWalk(tradesPerSecond);
  }

  @Override
  public FaultInjector faults() {
    return delegate.faults();
  }

  @Override
  public void restart() throws IOException {
    delegate.restart();
  }

  @Override
  public long restarts() {
    return delegate.restarts();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
