package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tradeplatform.broker.ibkr.simulator.api.FaultInjector;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.ScriptedTrade;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * The simulator's control API: wires its parts — {@link Acceptor} (sockets and clients), {@link
 * RequestHandler} (answers), {@link SimulatedMarket} (ledger, streaming, PnL), {@link Faults},
 * {@link RandomWalk} and {@link ScriptPlayer} — and carries out the control calls.
 *
 * <p>State changes and the frames they cause are ordered by one lock shared by the parts, so a
 * client always sees a snapshot followed by the changes made after it; the frames themselves are
 * written by each client's own writer thread. Start, restart and close hold this object's monitor.
 */
public final class SimulatedGateway implements GatewaySimulator {
  private final SimulatorSettings settings;
  private final Object lock = new Object();
  private final Acceptor acceptor;
  private final SimulatedMarket market;
  private final Faults faults;
  private final RequestHandler handler;
  private final RandomWalk randomWalk;
  private final ScriptPlayer scriptPlayer;
  private final AtomicLong restarts = new AtomicLong();
  private boolean closed; // guarded by this

  private SimulatedGateway(SimulatorSettings settings) {
    this.settings = settings;
    this.acceptor = new Acceptor(settings.host(), this::newClient);
    this.market = new SimulatedMarket(new Ledger(settings.accounts()), acceptor::clients);
    this.faults =
        new Faults(lock, acceptor::clients, acceptor::dropClients, settings.accounts().get(0));
    this.handler = new RequestHandler(lock, market, faults, acceptor::clients);
    this.randomWalk = new RandomWalk(this, settings.seed());
    this.scriptPlayer = new ScriptPlayer(this);
  }

  private ClientSession newClient(java.net.Socket socket, int number, Acceptor owner) {
    return new ClientSession(
        socket, number, settings.serverVersion(), handler, faults, owner::ended);
  }

  /** Starts a simulator (see {@link GatewaySimulator#start}). */
  public static SimulatedGateway start(SimulatorSettings settings) throws IOException {
    SimulatedGateway gateway = new SimulatedGateway(settings);
    gateway.acceptor.listen(settings.port());
    if (settings.randomWalkTradesPerSecond() > 0) {
      gateway.randomWalk(settings.randomWalkTradesPerSecond());
    }
    return gateway;
  }

  @Override
  public String host() {
    return settings.host();
  }

  @Override
  public int port() {
    return acceptor.port();
  }

  @Override
  public int serverVersion() {
    return settings.serverVersion();
  }

  @Override
  public List<String> accounts() {
    return settings.accounts();
  }

  @Override
  public int connectedClients() {
    return acceptor.servingClients();
  }

  @Override
  public long acceptedConnections() {
    return acceptor.accepted();
  }

  @Override
  public long clientIdRejections() {
    return handler.clientIdRejections();
  }

  @Override
  public void setPosition(SimulatedPosition position) {
    synchronized (lock) {
      market.publish(market.ledger().set(position));
    }
  }

  @Override
  public SimulatedPosition trade(
      String account, SimulatedContract contract, BigDecimal quantity, BigDecimal price) {
    synchronized (lock) {
      Holding h = market.ledger().trade(account, contract, quantity, price);
      market.publish(h);
      return h.toPosition();
    }
  }

  @Override
  public void setMarketPrice(long conId, BigDecimal price) {
    synchronized (lock) {
      market.ledger().setMarketPrice(conId, price);
      market.priceChanged(conId);
    }
  }

  @Override
  public List<SimulatedPosition> book() {
    synchronized (lock) {
      return market.ledger().open();
    }
  }

  @Override
  public List<SimulatedPosition> book(String account) {
    synchronized (lock) {
      return market.ledger().open().stream().filter(p -> p.account().equals(account)).toList();
    }
  }

  @Override
  public void play(List<ScriptedTrade> script, double tradesPerSecond) {
    scriptPlayer.play(script, tradesPerSecond);
  }

  @Override
  public int scriptRemaining() {
    return scriptPlayer.remaining();
  }

  @Override
  public void randomWalk(double tradesPerSecond) {
    randomWalk.setRate(tradesPerSecond);
  }

  @Override
  public FaultInjector faults() {
    return faults;
  }

  @Override
  public synchronized void restart() throws IOException {
    int port = acceptor.port();
    acceptor.stop();
    synchronized (lock) {
      market.ledger().dropFlat();
    }
    acceptor.listen(port);
    restarts.incrementAndGet();
  }

  @Override
  public long restarts() {
    return restarts.get();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    randomWalk.stop();
    scriptPlayer.stop();
    faults.close();
    acceptor.stop();
  }

  @Override
  public String toString() {
    return "GatewaySimulator["
        + settings.host()
        + ":"
        + acceptor.port()
        + ", v"
        + settings.serverVersion()
        + ", accounts "
        + settings.accounts()
        + "]";
  }
}
