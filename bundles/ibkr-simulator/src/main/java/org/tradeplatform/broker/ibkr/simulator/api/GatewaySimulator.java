package org.tradeplatform.broker.ibkr.simulator.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A TWS-protocol gateway simulator: managed accounts, a position book per account, the positions
 * stream, account updates and PnL single, trading by script or random walk, and fault injection.
 * Usable as a plain object in tests ({@link #start}) and as an OSGi service.
 */
public interface GatewaySimulator extends AutoCloseable {

  /**
   * Starts a simulator listening on the settings' host and port. The implementation is found as a
   * {@link Launcher} through {@link ServiceLoader} in this bundle, so no exported type names it.
   */
  static GatewaySimulator start(SimulatorSettings settings) throws IOException {
    return ServiceLoader.load(Launcher.class, GatewaySimulator.class.getClassLoader())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no GatewaySimulator.Launcher in this bundle"))
        .start(settings);
  }

  /** Starts simulators; provided by the simulator bundle itself. */
  interface Launcher {
    GatewaySimulator start(SimulatorSettings settings) throws IOException;
  }

  String host();

  /** The bound port (the real one when the settings asked for 0); stable across restarts. */
  int port();

  int serverVersion();

  List<String> accounts();

  /** Number of clients that completed the handshake and are still connected. */
  int connectedClients();

  /** Number of client connections accepted since start. */
  long acceptedConnections();

  /** Number of handshakes refused with code 326 (client id in use) since start. */
  long clientIdRejections();

  /** Sets a position (quantity 0 closes it) and streams it to subscribed clients. */
  void setPosition(SimulatedPosition position);

  /** Convenience for {@link #setPosition}. */
  default void setPosition(
      String account, SimulatedContract contract, BigDecimal quantity, BigDecimal averageCost) {
    setPosition(new SimulatedPosition(account, contract, quantity, averageCost));
  }

  /**
   * Executes a fill: changes the quantity by {@code quantity} at {@code price}, updating average
   * cost and realized PnL as a broker would, and streams the new row.
   */
  SimulatedPosition trade(
      String account, SimulatedContract contract, BigDecimal quantity, BigDecimal price);

  /** Sets the market price of a contract (for PnL and market value). */
  void setMarketPrice(long conId, BigDecimal price);

  /** Every row of every account, flat rows excluded. */
  List<SimulatedPosition> book();

  /** The open rows of one account. */
  List<SimulatedPosition> book(String account);

  /**
   * Plays a script of fills in order at the given rate, on a thread of the simulator; returns at
   * once. A script started while another plays replaces the rest of the earlier one.
   */
  void play(List<ScriptedTrade> script, double tradesPerSecond);

  /** Trades of the current script not yet filled. */
  int scriptRemaining();

  /** Starts (rate above 0) or stops (0) random trading at the given trades per second. */
  void randomWalk(double tradesPerSecond);

  /** Fault injection. */
  FaultInjector faults();

  /**
   * Restarts like a gateway's nightly restart: closes the listening socket and every client, then
   * listens again on the same port. The books survive.
   */
  void restart() throws IOException;

  /** Number of completed restarts. */
  long restarts();

  /** Stops listening and closes every client. */
  @Override
  void close();
}
