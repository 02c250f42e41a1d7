package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.ibkr.internal.command.IbkrStatusCommand;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;
import org.tradeplatform.cluster.api.FencingToken;

/** Lease mode against the simulator, with the lease granted and taken away by hand. */
class LeasedConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private GatewaySimulator sim;
  private LeasedConnection leased;

  @AfterEach
  void close() {
    if (leased != null) {
      leased.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private LeasedConnection start(
      FakeLeases leases, RecordingRegistrar registrar, Duration release) {
    ConnectionSettings settings =
        ConnectionSettings.from(IbkrConnectionComponentTest.config("gw", sim.port(), 1, 1));
    leased =
        new LeasedConnection(
            settings,
            leases,
            registrar,
            r -> IbkrConnection.create(settings, r),
            release,
            System::nanoTime,
            Clock.systemUTC());
    return leased;
  }

  @Test
  void standbyUntilTheLeaseIsHeldThenConnectsWithTheEpochAndDropsWhenItIsLost() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    FakeLeases leases = new FakeLeases();
    RecordingRegistrar registrar = new RecordingRegistrar();
    LeasedConnection connection = start(leases, registrar, Duration.ofMinutes(2));

    assertThat(connection.status().state()).isEqualTo(ConnectionState.STANDBY);
    assertThat(connection.status().leaseHolder()).contains("node-b");
    assertThat(
            IbkrStatusCommand.format(
                connection.status(), Optional.of(connection.details()), Optional.empty()))
        .contains("STANDBY since", "lease holder       node-b");
    Thread.sleep(1_500); // a connection would have been accepted by now
    assertThat(sim.acceptedConnections()).isZero();

    leases.grant("gw", 7);
    await().atMost(WAIT).until(registrar::isRegistered);
    assertThat(registrar.properties())
        .containsEntry(FencingToken.EPOCH_PROPERTY, 7L)
        .containsEntry(FencingToken.NODE_PROPERTY, "node-a")
        .containsEntry("broker.id", "gw");
    assertThat(connection.status().state()).isEqualTo(ConnectionState.READY);
    assertThat(connection.status().leaseHolder()).isEmpty();

    leases.lose(leases.token(), "local deadline passed");
    await().atMost(WAIT).until(() -> !registrar.isRegistered());
    await().atMost(WAIT).until(() -> sim.connectedClients() == 0);
    assertThat(connection.status().state()).isEqualTo(ConnectionState.STANDBY);
    assertThat(sim.clientIdRejections()).isZero();
  }

  @Test
  void gatewayReconnectsKeepTheLeaseButALongAbsenceGivesItUp() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    FakeLeases leases = new FakeLeases();
    RecordingRegistrar registrar = new RecordingRegistrar();
    start(leases, registrar, Duration.ofSeconds(3));
    leases.grant("gw", 1);
    await().atMost(WAIT).until(registrar::isRegistered);

    sim.faults().dropConnections(); // a gateway blip: reconnect within a second
    await().atMost(WAIT).until(() -> registrar.registrations.get() == 2);
    assertThat(leases.releases).hasValue(0);

    sim.close(); // the gateway is gone for good
    await().atMost(WAIT).until(() -> leases.releases.get() == 1);
    await().atMost(WAIT).until(() -> !registrar.isRegistered());
    assertThat(leased.status().state()).isEqualTo(ConnectionState.STANDBY);
  }
}
