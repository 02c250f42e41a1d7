package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * The reconnect policy against misbehaving gateways: the backoff starts over only after a complete
 * snapshot, and a gateway that is down is retried on a shorter ladder than one that accepts and
 * fails. Windows are scaled down from the defaults (1 s / 60 s) by {@value #SCALE} so the tests
 * stay short; {@code -Dibkr.policy.scale=1} runs them at the defaults (one minute each).
 */
class ConnectionPolicyTest {
  private static final int SCALE = Integer.getInteger("ibkr.policy.scale", 10);
  private static final Duration MINUTE = Duration.ofSeconds(60).dividedBy(SCALE);
  private static final Duration MIN = Duration.ofSeconds(1).dividedBy(SCALE);

  private GatewaySimulator sim;
  private IbkrConnection client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private static ConnectionSettings settings(int port, Duration unreachableMax) {
    return new ConnectionSettings(
        "policy",
        "127.0.0.1",
        port,
        7,
        Set.of(),
        Duration.ofSeconds(5),
        MIN,
        MINUTE,
        unreachableMax,
        Duration.ofSeconds(10),
        PnlSource.NONE,
        50);
  }

  /**
   * A gateway that completes the handshake and drops before the first snapshot: the attempts back
   * off to the maximum (the schedule predicts 7 in a minute; the backoff reset at "ready" this
   * replaces made it about 77), and no session is ever registered.
   */
  @Test
  void aGatewayThatDropsBeforeTheSnapshotIsRetriedAHandfulOfTimesAMinute() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", SimulatedContract.stock(1, "A", "USD"), BigDecimal.ONE, BigDecimal.ONE);
    sim.faults().dropAfterSnapshotRows(0, Integer.MAX_VALUE);
    RecordingRegistrar registrar = new RecordingRegistrar();
    client = ClientHarness.start(settings(sim.port(), MIN), registrar);

    Thread.sleep(MINUTE.toMillis());

    long connections = sim.acceptedConnections();
    System.out.printf(
        "drop before snapshot: %d connections in %d ms (scale 1/%d)%n",
        connections, MINUTE.toMillis(), SCALE);
    assertThat(connections).isBetween(3L, 10L);
    assertThat(registrar.registrations.get()).isZero();
    assertThat(client.status().state()).isNotEqualTo(ConnectionState.READY);
    assertThat(client.status().lastError()).isPresent();
  }

  /**
   * While the gateway refuses the socket, attempts follow the unreachable ladder (here capped at
   * {@code MIN * 2}), not the session ladder that would have grown to {@code MINUTE}; once it
   * listens again the session is back and the count of failures starts over.
   */
  @Test
  void aGatewayThatIsDownIsRetriedOnTheShortLadderAndUsedAgainOnceItListens() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    int port = sim.port();
    sim.close();
    RecordingRegistrar registrar = new RecordingRegistrar();
    client = ClientHarness.start(settings(port, MIN.multipliedBy(2)), registrar);

    Thread.sleep(MINUTE.toMillis() / 2);
    long attempts = client.details().attempts();
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1").withPort(port));
    long revivedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(20)).until(registrar::isRegistered);
    System.out.printf(
        "unreachable: %d attempts in %d ms; back %d ms after the gateway listened%n",
        attempts, MINUTE.toMillis() / 2, (System.nanoTime() - revivedAt) / 1_000_000);

    // the session ladder (1, 2, 4, 8 ... × MIN) allows at most 6 attempts in half a MINUTE
    assertThat(attempts).isGreaterThanOrEqualTo(10);
    assertThat(client.status().state()).isEqualTo(ConnectionState.READY);
  }
}
