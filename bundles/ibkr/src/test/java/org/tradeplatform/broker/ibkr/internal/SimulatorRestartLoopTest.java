package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * Acceptance: restart the gateway 100 times under a connected client. Every restart is a reconnect
 * and a fresh complete snapshot, and no thread is left behind. The number of restarts scales with
 * {@code -Dibkr.restartLoop.restarts} for a soak run.
 */
class SimulatorRestartLoopTest {
  private static final int RESTARTS = Integer.getInteger("ibkr.restartLoop.restarts", 100);

  @Test
  void everyRestartIsAReconnectAndAFreshSnapshotAndNoThreadLeaks() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (GatewaySimulator sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1", "DU2"))) {
      SimulatedContract aapl = SimulatedContract.stock(265598, "AAPL", "USD");
      sim.setPosition("DU1", aapl, new BigDecimal("100"), new BigDecimal("150.25"));
      RecordingRegistrar registrar = new RecordingRegistrar();
      IbkrConnection client = ClientHarness.start(ClientHarness.settings(sim), registrar);
      try {
        await().atMost(Duration.ofSeconds(20)).until(registrar::isRegistered);
        BrokerSession session = registrar.session();
        session.positions().toCompletableFuture().get(20, TimeUnit.SECONDS);
        int threadsAtStart = threads.getThreadCount();

        int freshSnapshots = 0;
        for (int i = 1; i <= RESTARTS; i++) {
          // every restart changes the book, so a fresh snapshot is told apart from a stale one
          sim.setPosition("DU1", aapl, BigDecimal.valueOf(100 + i), new BigDecimal("150.25"));
          Instant restartedAt = Instant.now();
          sim.restart();
          int expected = i + 1;
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> registrar.registrations.get() == expected);
          PositionSnapshot snapshot = snapshotOnceRegistered(registrar, session);
          assertThat(snapshot.capturedAt()).isAfterOrEqualTo(restartedAt);
          assertThat(snapshot.accounts()).containsExactly("DU1", "DU2");
          assertThat(snapshot.positions())
              .singleElement()
              .satisfies(
                  p ->
                      assertThat(p.quantity())
                          .isEqualByComparingTo(BigDecimal.valueOf(100 + expected - 1)));
          freshSnapshots++;
        }

        assertThat(registrar.registrations.get()).isEqualTo(RESTARTS + 1);
        assertThat(registrar.unregistrations.get()).isEqualTo(RESTARTS);
        assertThat(sim.restarts()).isEqualTo(RESTARTS);
        assertThat(client.status().reconnects()).isEqualTo(RESTARTS);
        assertThat(freshSnapshots).isEqualTo(RESTARTS);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(threads.getThreadCount())
                        .isBetween(threadsAtStart - 2, threadsAtStart + 2));
      } finally {
        client.close();
      }
    }
  }

  private static PositionSnapshot snapshotOnceRegistered(
      RecordingRegistrar registrar, BrokerSession session) {
    PositionSnapshot[] result = new PositionSnapshot[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .ignoreExceptions()
        .until(
            () -> {
              if (!registrar.isRegistered()) {
                return false;
              }
              result[0] = session.positions().toCompletableFuture().get(20, TimeUnit.SECONDS);
              return true;
            });
    return result[0];
  }
}
