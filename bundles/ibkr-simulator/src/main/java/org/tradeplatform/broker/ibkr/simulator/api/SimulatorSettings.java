package org.tradeplatform.broker.ibkr.simulator.api;

import java.util.List;
import java.util.Set;

/**
 * How to start a simulator.
 *
 * @param host address to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (see {@link GatewaySimulator#port()})
 * @param serverVersion server version to negotiate, 135..187 (lower if the client offers less)
 * @param accounts managed accounts, at least one
 * @param randomWalkTradesPerSecond rate of random trades; 0 disables the random walk
 * @param seed seed of the random walk, for repeatable runs
 */
public record SimulatorSettings(
    String host,
    int port,
    int serverVersion,
    List<String> accounts,
    double randomWalkTradesPerSecond,
    long seed) {

  /** Default port: outside IB's 7496/7497/4001/4002, so it never meets a real gateway. */
  public static final int DEFAULT_PORT = 4102;

  public static final int MIN_SERVER_VERSION = 135;
  public static final int MAX_SERVER_VERSION = 187;

  private static final Set<Integer> IB_PORTS = Set.of(7496, 7497, 4001, 4002);

  public SimulatorSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (serverVersion < MIN_SERVER_VERSION || serverVersion > MAX_SERVER_VERSION) {
      throw new IllegalArgumentException(
          "serverVersion must be "
              + MIN_SERVER_VERSION
              + ".."
              + MAX_SERVER_VERSION
              + ", was "
              + serverVersion);
    }
    accounts = List.copyOf(accounts);
    if (accounts.isEmpty()
        || accounts.stream().anyMatch(a -> a == null || a.isBlank() || a.contains(","))) {
      throw new IllegalArgumentException(
          "accounts must be non-blank names without commas: " + accounts);
    }
    if (randomWalkTradesPerSecond < 0) {
      throw new IllegalArgumentException("randomWalkTradesPerSecond must not be negative");
    }
  }

  /** An ephemeral port on loopback, version 187, the given accounts, no random walk. */
  public static SimulatorSettings forTests(String... accounts) {
    return new SimulatorSettings("127.0.0.1", 0, MAX_SERVER_VERSION, List.of(accounts), 0, 1L);
  }

  /** True for the ports of real TWS / IB Gateway installations. */
  public static boolean isIbPort(int port) {
    return IB_PORTS.contains(port);
  }

  public SimulatorSettings withServerVersion(int version) {
    return new SimulatorSettings(host, port, version, accounts, randomWalkTradesPerSecond, seed);
  }

  public SimulatorSettings withPort(int newPort) {
    return new SimulatorSettings(
        host, newPort, serverVersion, accounts, randomWalkTradesPerSecond, seed);
  }

  public SimulatorSettings withRandomWalk(double tradesPerSecond) {
    return new SimulatorSettings(host, port, serverVersion, accounts, tradesPerSecond, seed);
  }
}
