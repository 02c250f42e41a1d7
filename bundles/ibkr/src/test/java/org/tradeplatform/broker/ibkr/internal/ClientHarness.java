package org.tradeplatform.broker.ibkr.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;

/** Builds client connections against a simulator with test-sized timings. */
final class ClientHarness {
  private ClientHarness() {}

  static ConnectionSettings settings(GatewaySimulator sim) {
    return new ConnectionSettings(
        "sim",
        "127.0.0.1",
        sim.port(),
        7,
        Set.of(),
        Duration.ofSeconds(5),
        Duration.ofMillis(20),
        Duration.ofMillis(200),
        Duration.ofMillis(200),
        Duration.ofSeconds(10),
        PnlSource.NONE,
        50);
  }

  static IbkrConnection start(ConnectionSettings settings, SessionRegistrar registrar) {
    return start(settings, registrar, IbkrConnection.DEFAULT_IDLE_PROBE);
  }

  static IbkrConnection start(
      ConnectionSettings settings, SessionRegistrar registrar, Duration idleProbe) {
    IbkrConnection c =
        new IbkrConnection(
            settings,
            registrar,
            RequestRateLimiter.standard(),
            ReconnectBackoff.of(settings, () -> ThreadLocalRandom.current().nextDouble()),
            Clock.systemUTC(),
            idleProbe);
    c.start();
    return c;
  }

  static ConnectionSettings with(
      ConnectionSettings s, Set<String> accounts, PnlSource pnl, Duration snapshotTimeout) {
    return new ConnectionSettings(
        s.brokerId(),
        s.host(),
        s.port(),
        s.clientId(),
        accounts,
        s.connectTimeout(),
        s.reconnectMin(),
        s.reconnectMax(),
        s.reconnectUnreachableMax(),
        snapshotTimeout,
        pnl,
        s.pnlSubscriptionsMax());
  }

  static ConnectionSettings withConnectTimeout(ConnectionSettings s, Duration connectTimeout) {
    return new ConnectionSettings(
        s.brokerId(),
        s.host(),
        s.port(),
        s.clientId(),
        s.accountFilter(),
        connectTimeout,
        s.reconnectMin(),
        s.reconnectMax(),
        s.reconnectUnreachableMax(),
        s.snapshotTimeout(),
        s.pnlSource(),
        s.pnlSubscriptionsMax());
  }

  static ConnectionSettings withClientId(ConnectionSettings s, int clientId) {
    return new ConnectionSettings(
        s.brokerId(),
        s.host(),
        s.port(),
        clientId,
        s.accountFilter(),
        s.connectTimeout(),
        s.reconnectMin(),
        s.reconnectMax(),
        s.reconnectUnreachableMax(),
        s.snapshotTimeout(),
        s.pnlSource(),
        s.pnlSubscriptionsMax());
  }
}
