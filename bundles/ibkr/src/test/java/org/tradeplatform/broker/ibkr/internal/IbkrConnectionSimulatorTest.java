package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.ConnectionError;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.MalformedFrame;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/** The client component against the gateway simulator over real loopback sockets. */
class IbkrConnectionSimulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final SimulatedContract AAPL = SimulatedContract.stock(265598, "AAPL", "USD");
  private static final SimulatedContract MSFT = SimulatedContract.stock(272093, "MSFT", "USD");
  private static final SimulatedContract TSLA = SimulatedContract.stock(76792991, "TSLA", "USD");
  private static final SimulatedContract ES_FUT =
      new SimulatedContract(
          620731015, "ES", "FUT", "USD", null, "ESZ6", "ES", "20261218", null, null, "50");
  private static final SimulatedContract SPY_PUT =
      new SimulatedContract(
          412897061,
          "SPY",
          "OPT",
          "USD",
          null,
          "SPY   261218P00500000",
          "SPY",
          "20261218",
          new BigDecimal("500"),
          "P",
          "100");

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private GatewaySimulator simulator(SimulatorSettings settings) throws Exception {
    GatewaySimulator sim = GatewaySimulator.start(settings);
    resources.add(sim);
    return sim;
  }

  private IbkrConnection client(ConnectionSettings settings, SessionRegistrar registrar) {
    IbkrConnection c = ClientHarness.start(settings, registrar);
    resources.add(c);
    return c;
  }

  private static String lastError(IbkrConnection connection) {
    return connection.status().lastError().map(ConnectionError::message).orElse("");
  }

  private static void awaitRegistered(RecordingRegistrar registrar) {
    await().atMost(WAIT).until(registrar::isRegistered);
  }

  private static PositionSnapshot snapshot(BrokerSession session) throws Exception {
    return session.positions().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Takes a snapshot once the session is registered, retrying while a reconnect is under way. */
  private static PositionSnapshot freshSnapshot(
      RecordingRegistrar registrar, BrokerSession session) {
    PositionSnapshot[] result = new PositionSnapshot[1];
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              awaitRegistered(registrar);
              result[0] = snapshot(session);
              return true;
            });
    return result[0];
  }

  private static Position position(SimulatedPosition p) {
    return new Position(
        p.account(),
        new org.tradeplatform.broker.api.Contract(
            p.contract().conId(),
            p.contract().symbol(),
            p.contract().secType(),
            p.contract().currency(),
            p.contract().exchange(),
            p.contract().localSymbol(),
            p.contract().tradingClass(),
            p.contract().expiry(),
            p.contract().strike(),
            p.contract().right(),
            p.contract().multiplier()),
        p.quantity(),
        p.averageCost());
  }

  private static final class Changes {
    final List<Position> seen = new CopyOnWriteArrayList<>();

    void attach(BrokerSession session) {
      session.addPositionListener((s, p) -> seen.add(p));
    }
  }

  // ------------------------------------------------------------------ handshake and snapshot

  @ParameterizedTest
  @ValueSource(ints = {135, 165, 166, 187})
  void handshakesAtEveryServerVersionAndReadsASnapshot(int version) throws Exception {
    GatewaySimulator sim =
        simulator(SimulatorSettings.forTests("DU123456").withServerVersion(version));
    sim.setPosition("DU123456", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(sim), registrar);

    awaitRegistered(registrar);
    PositionSnapshot snapshot = snapshot(registrar.session());

    assertThat(client.status().serverVersion()).hasValue(version);
    assertThat(snapshot.accounts()).containsExactly("DU123456");
    assertThat(snapshot.positions()).containsExactly(position(sim.book().get(0)));
  }

  @Test
  void registersWithTheServicePropertiesOnTheLifecycleThread() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU2", "DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);

    awaitRegistered(registrar);

    assertThat(registrar.properties())
        .containsEntry(BrokerSession.BROKER_ID, "sim")
        .containsEntry(BrokerSession.BROKER_TYPE, "ibkr");
    assertThat((String[]) registrar.properties().get(BrokerSession.BROKER_ACCOUNTS))
        .containsExactly("DU1", "DU2");
    assertThat(registrar.calls)
        .allSatisfy(c -> assertThat(c.thread()).startsWith("ibkr-lifecycle-"));
  }

  @Test
  void aConsumerThatBlocksOnPositionsWhileBeingRegisteredGetsItsAnswer() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    List<PositionSnapshot> seenInBind = new CopyOnWriteArrayList<>();
    RecordingRegistrar registrar =
        new RecordingRegistrar() {
          @Override
          public Registration register(BrokerSession session, java.util.Map<String, Object> props) {
            if (registrations.get() > 0) {
              try {
                // what a careless consumer's bind might do: wait for a fresh snapshot right there
                seenInBind.add(session.positions().toCompletableFuture().get(20, TimeUnit.SECONDS));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return super.register(session, props);
          }
        };
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    snapshot(registrar.session()); // nothing in flight any more: the next answer needs a request

    sim.faults().connectivityLost();
    await().atMost(WAIT).until(() -> !registrar.isRegistered());
    sim.faults().connectivityRestored(false);
    await().atMost(WAIT).until(() -> registrar.registrations.get() == 2);

    assertThat(seenInBind).singleElement().satisfies(s -> assertThat(s.positions()).hasSize(1));
  }

  @Test
  void aSnapshotCoversEveryAccountInScopeIncludingEmptyOnes() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1", "DU2", "DU3"));
    sim.setPosition("DU1", AAPL, new BigDecimal("10"), new BigDecimal("150"));
    sim.setPosition("DU3", MSFT, new BigDecimal("-5"), new BigDecimal("400"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);

    PositionSnapshot snapshot = snapshot(registrar.session());

    assertThat(snapshot.brokerId()).isEqualTo("sim");
    assertThat(snapshot.accounts()).containsExactly("DU1", "DU2", "DU3");
    assertThat(snapshot.positions("DU2")).isEmpty();
    assertThat(snapshot.positions())
        .containsExactlyInAnyOrderElementsOf(sim.book().stream().map(p -> position(p)).toList());
  }

  @Test
  void threeAccountsNarrowedByTheAccountsFilter() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1", "DU2", "DU3"));
    sim.setPosition("DU1", AAPL, new BigDecimal("10"), new BigDecimal("150"));
    sim.setPosition("DU2", AAPL, new BigDecimal("20"), new BigDecimal("150"));
    sim.setPosition("DU3", AAPL, new BigDecimal("30"), new BigDecimal("150"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    ConnectionSettings s =
        ClientHarness.with(
            ClientHarness.settings(sim),
            Set.of("DU1", "DU3"),
            PnlSource.NONE,
            Duration.ofSeconds(10));
    client(s, registrar);
    awaitRegistered(registrar);

    PositionSnapshot snapshot = snapshot(registrar.session());

    assertThat(registrar.session().accounts()).containsExactlyInAnyOrder("DU1", "DU3");
    assertThat(snapshot.accounts()).containsExactly("DU1", "DU3");
    assertThat(snapshot.positions()).extracting(Position::account).containsExactly("DU1", "DU3");
  }

  @Test
  void fractionalQuantitiesAndDerivativesArriveExact() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("0.0001"), new BigDecimal("150.25"));
    sim.setPosition("DU1", MSFT, new BigDecimal("123456789.123456"), new BigDecimal("401.5"));
    sim.setPosition("DU1", ES_FUT, new BigDecimal("-2"), new BigDecimal("275000"));
    sim.setPosition("DU1", SPY_PUT, new BigDecimal("-3"), new BigDecimal("1250.5"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);

    PositionSnapshot snapshot = snapshot(registrar.session());

    assertThat(snapshot.positions())
        .extracting(p -> p.quantity().toPlainString())
        .containsExactly("0.0001", "123456789.123456", "-2", "-3");
    assertThat(snapshot.positions())
        .containsExactlyElementsOf(sim.book().stream().map(p -> position(p)).toList());
    assertThat(snapshot.positions().get(3).contract().strike()).isEqualByComparingTo("500");
  }

  @Test
  void fallsBackToPerAccountRequestsAboveFiftyAccounts() throws Exception {
    String[] accounts =
        IntStream.rangeClosed(1, 51).mapToObj(i -> "DU" + (1000 + i)).toArray(String[]::new);
    GatewaySimulator sim = simulator(SimulatorSettings.forTests(accounts));
    sim.setPosition("DU1001", AAPL, new BigDecimal("1"), new BigDecimal("150"));
    sim.setPosition("DU1051", MSFT, new BigDecimal("2"), new BigDecimal("400"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    Changes changes = new Changes();
    awaitRegistered(registrar);
    changes.attach(registrar.session());

    PositionSnapshot snapshot = snapshot(registrar.session());
    sim.setPosition("DU1051", MSFT, new BigDecimal("3"), new BigDecimal("400"));

    assertThat(snapshot.accounts()).hasSize(51);
    assertThat(snapshot.positions())
        .extracting(Position::account)
        .containsExactly("DU1001", "DU1051");
    await()
        .atMost(WAIT)
        .until(() -> changes.seen.stream().anyMatch(p -> p.quantity().intValue() == 3));
  }

  // ------------------------------------------------------------------ the live book

  @Test
  void streamsAChangeAndNotAReplayedEqualRow() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    snapshot(registrar.session()); // the book now holds the initial rows
    Changes changes = new Changes();
    changes.attach(registrar.session());

    snapshot(registrar.session()); // replays AAPL 100 @ 150.25: equal to the book
    sim.trade("DU1", AAPL, new BigDecimal("50"), new BigDecimal("160"));

    await().atMost(WAIT).until(() -> !changes.seen.isEmpty());
    snapshot(registrar.session()); // replays the new row: again no change
    assertThat(changes.seen).containsExactly(position(sim.book().get(0)));
    assertThat(changes.seen.get(0).quantity()).isEqualByComparingTo("150");
  }

  @Test
  void quantityZeroIsAClosingChangeAndLeavesTheAccountInScopeWithoutRows() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    snapshot(registrar.session());
    Changes changes = new Changes();
    changes.attach(registrar.session());

    sim.setPosition("DU1", AAPL, BigDecimal.ZERO, BigDecimal.ZERO);

    await().atMost(WAIT).until(() -> !changes.seen.isEmpty());
    assertThat(changes.seen)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.isFlat()).isTrue();
              assertThat(p.key().conId()).isEqualTo(AAPL.conId());
            });
    PositionSnapshot snapshot = snapshot(registrar.session()); // the gateway replays the 0 row
    assertThat(snapshot.accounts()).containsExactly("DU1");
    assertThat(snapshot.positions()).isEmpty();
    assertThat(changes.seen).hasSize(1);
  }

  /**
   * Snapshot rows are not changes: what changed while the connection was down reaches consumers
   * through the snapshot they reconcile with when the session registers again, not once more as
   * changes (which would make every reconnect a reconcile plus an empty change-triggered sync).
   */
  @Test
  void whatChangedWhileDisconnectedArrivesInTheSnapshotAndNotAsChanges() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1", "DU2"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    sim.setPosition("DU2", MSFT, new BigDecimal("7"), new BigDecimal("400"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    BrokerSession session = registrar.session();
    snapshot(session);
    Changes changes = new Changes();
    changes.attach(session);

    sim.faults().rejectClientId(7, 1_000); // keep the client out while positions change
    sim.faults().dropConnections();
    await().atMost(WAIT).until(() -> !registrar.isRegistered());
    sim.setPosition("DU1", AAPL, BigDecimal.ZERO, BigDecimal.ZERO);
    sim.setPosition("DU2", MSFT, new BigDecimal("9"), new BigDecimal("410"));
    sim.restart(); // a gateway restart also forgets the flat row, so nothing is replayed for it
    sim.faults().rejectClientId(7, 0);

    PositionSnapshot snapshot = freshSnapshot(registrar, session);
    assertThat(snapshot.accounts()).containsExactly("DU1", "DU2");
    assertThat(snapshot.positions("DU1")).isEmpty();
    assertThat(snapshot.positions("DU2"))
        .singleElement()
        .satisfies(p -> assertThat(p.quantity()).isEqualByComparingTo("9"));
    assertThat(changes.seen).isEmpty();
    assertThat(client.details().positionsInBook()).isEqualTo(1);

    sim.trade("DU2", MSFT, BigDecimal.ONE, new BigDecimal("420"));
    await().atMost(WAIT).until(() -> changes.seen.size() == 1);
    assertThat(changes.seen.get(0).quantity()).isEqualByComparingTo("10");
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    BrokerSession session = registrar.session();
    session.addPositionListener(
        (s, p) -> {
          throw new IllegalStateException("listener bug");
        });
    Changes changes = new Changes();
    changes.attach(session);

    sim.setPosition("DU1", AAPL, new BigDecimal("1"), new BigDecimal("150"));
    sim.setPosition("DU1", AAPL, new BigDecimal("2"), new BigDecimal("150"));

    await().atMost(WAIT).until(() -> changes.seen.size() == 2);
  }

  // ------------------------------------------------------------------ faults

  @Test
  void aSnapshotCutMidwayFailsAndNothingPartialEscapes() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    for (int i = 1; i <= 5; i++) {
      sim.setPosition(
          "DU1",
          SimulatedContract.stock(1000 + i, "S" + i, "USD"),
          BigDecimal.valueOf(i),
          BigDecimal.TEN);
    }
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    BrokerSession session = registrar.session();
    snapshot(session);
    Changes changes = new Changes();
    changes.attach(session);

    sim.faults().dropAfterSnapshotRows(2);
    var cut = session.positions().toCompletableFuture();

    assertThatThrownBy(() -> cut.get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("disconnected");
    PositionSnapshot after = freshSnapshot(registrar, session);
    assertThat(after.positions()).hasSize(5);
    assertThat(changes.seen).isEmpty();
    assertThat(registrar.registrations.get()).isEqualTo(2);
  }

  @Test
  void reconnectsAfterASimulatorRestartAndTakesAFreshSnapshot() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    PositionSnapshot before = snapshot(registrar.session());

    Instant restartedAt = Instant.now();
    sim.restart();
    await().atMost(WAIT).until(() -> registrar.registrations.get() == 2);
    PositionSnapshot after = freshSnapshot(registrar, registrar.session());

    assertThat(registrar.unregistrations.get()).isEqualTo(1);
    assertThat(after.capturedAt()).isAfter(before.capturedAt()).isAfterOrEqualTo(restartedAt);
    assertThat(after.positions()).isEqualTo(before.positions());
    assertThat(client.status().reconnects()).isEqualTo(1);
  }

  @Test
  void code1100WithdrawsTheSession1101ResubscribesAndRegisters() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);
    BrokerSession session = registrar.session();
    snapshot(session);
    Changes changes = new Changes();
    changes.attach(session);

    sim.faults().connectivityLost();
    await().atMost(WAIT).until(() -> !registrar.isRegistered());
    assertThat(client.status().state()).isEqualTo(ConnectionState.STALE);
    assertThatThrownBy(() -> snapshot(session)).hasMessageContaining("not connected");

    sim.faults().connectivityRestored(true); // the simulator drops every subscription
    awaitRegistered(registrar);
    sim.trade("DU1", AAPL, new BigDecimal("1"), new BigDecimal("151"));

    // only a resubscribed client hears of the trade
    await().atMost(WAIT).until(() -> !changes.seen.isEmpty());
    assertThat(changes.seen).extracting(p -> p.quantity().intValue()).containsExactly(101);
    assertThat(registrar.registrations.get()).isEqualTo(2);
    assertThat(sim.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void code1102RegistersAgainOnTheSameSocket() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);

    sim.faults().connectivityLost();
    await().atMost(WAIT).until(() -> !registrar.isRegistered());
    sim.faults().connectivityRestored(false);
    awaitRegistered(registrar);

    assertThat(registrar.registrations.get()).isEqualTo(2);
    assertThat(sim.acceptedConnections()).isEqualTo(1);
    assertThat(snapshot(registrar.session()).accounts()).containsExactly("DU1");
  }

  @Test
  void clientIdInUseBacksOffAndConnectsOnceTheIdIsFree() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar first = new RecordingRegistrar();
    IbkrConnection holder = client(ClientHarness.settings(sim), first);
    awaitRegistered(first);

    RecordingRegistrar second = new RecordingRegistrar();
    IbkrConnection rival = client(ClientHarness.settings(sim), second);
    await().atMost(WAIT).until(() -> sim.acceptedConnections() >= 3);

    assertThat(second.registrations.get()).isZero();
    assertThat(lastError(rival)).contains("client id 7 already in use").contains("326");
    assertThat(rival.status().state()).isNotEqualTo(ConnectionState.READY);
    holder.close();
    awaitRegistered(second);
  }

  @ParameterizedTest
  @EnumSource(MalformedFrame.class)
  void aMalformedFrameClosesTheConnectionAndItReconnects(MalformedFrame kind) throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);

    sim.faults().sendMalformedFrame(kind);

    await()
        .atMost(WAIT)
        .until(() -> registrar.registrations.get() == 2 && registrar.isRegistered());
    assertThat(registrar.unregistrations.get()).isEqualTo(1);
    assertThat(sim.acceptedConnections()).isEqualTo(2);
    assertThat(client.status().reconnects()).isEqualTo(1);
    assertThat(freshSnapshot(registrar, registrar.session()).positions()).hasSize(1);
  }

  @Test
  void aStalledGatewayFailsTheSnapshotOnTimeoutAndTheClientReconnects() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    ConnectionSettings s =
        ClientHarness.with(
            ClientHarness.settings(sim), Set.of(), PnlSource.NONE, Duration.ofSeconds(1));
    client(s, registrar);
    awaitRegistered(registrar);
    snapshot(registrar.session());

    sim.faults().stall(Duration.ofSeconds(2));
    var stalled = registrar.session().positions().toCompletableFuture();

    assertThatThrownBy(() -> stalled.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
    await()
        .atMost(WAIT)
        .until(() -> registrar.registrations.get() == 2 && registrar.isRegistered());
  }

  @Test
  void anIdleButAnsweringGatewayKeepsTheConnection() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    ConnectionSettings s =
        ClientHarness.withConnectTimeout(ClientHarness.settings(sim), Duration.ofSeconds(1));
    IbkrConnection c = ClientHarness.start(s, registrar, Duration.ofMillis(100));
    resources.add(c);
    awaitRegistered(registrar);

    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> registrar.isRegistered() && sim.acceptedConnections() == 1);
  }

  @Test
  void aSilentGatewayIsProbedAndDroppedAndTheClientReconnects() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    ConnectionSettings s =
        ClientHarness.withConnectTimeout(ClientHarness.settings(sim), Duration.ofSeconds(1));
    IbkrConnection c = ClientHarness.start(s, registrar, Duration.ofMillis(100));
    resources.add(c);
    awaitRegistered(registrar);

    sim.faults().stall(Duration.ofMillis(2500));

    // the session is withdrawn before the lifecycle records why: wait for both
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(registrar.unregistrations.get()).isEqualTo(1);
              assertThat(lastError(c)).contains("gateway silent");
            });
    await()
        .atMost(WAIT)
        .until(() -> registrar.registrations.get() == 2 && registrar.isRegistered());
  }

  @Test
  void code1300ReconnectsOnTheAnnouncedPort() throws Exception {
    GatewaySimulator oldPort = simulator(SimulatorSettings.forTests("DU1"));
    GatewaySimulator newPort = simulator(SimulatorSettings.forTests("DU1"));
    newPort.setPosition("DU1", AAPL, new BigDecimal("5"), new BigDecimal("150"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(oldPort), registrar);
    awaitRegistered(registrar);

    oldPort.faults().announcePortReset(newPort.port());

    await().atMost(WAIT).until(() -> newPort.connectedClients() == 1 && registrar.isRegistered());
    assertThat(client.details().port()).isEqualTo(newPort.port());
    assertThat(freshSnapshot(registrar, registrar.session()).positions()).hasSize(1);
  }

  @Test
  void closingWithdrawsTheSessionClosesTheSocketAndEndsItsThreads() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = ClientHarness.start(ClientHarness.settings(sim), registrar);
    awaitRegistered(registrar);

    client.close();

    assertThat(registrar.isRegistered()).isFalse();
    assertThat(client.status().state()).isEqualTo(ConnectionState.STOPPED);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(
            t ->
                t.getName().startsWith("ibkr-reader-sim")
                    || t.getName().startsWith("ibkr-lifecycle-sim"));
    await().atMost(WAIT).until(() -> sim.connectedClients() == 0);
  }

  @Test
  void keepsRetryingWhileNoGatewayListens() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    int port = sim.port();
    sim.close();
    RecordingRegistrar registrar = new RecordingRegistrar();
    IbkrConnection client = client(ClientHarness.settings(sim), registrar);

    await().atMost(WAIT).until(() -> client.status().lastError().isPresent());
    assertThat(lastError(client)).contains("connect to 127.0.0.1:" + port + " failed");
    GatewaySimulator revived = simulator(SimulatorSettings.forTests("DU1").withPort(port));
    awaitRegistered(registrar);
    assertThat(revived.connectedClients()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ PnL

  @Test
  void pnlSingleUpdatesReachPnlListenersOnly() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    ConnectionSettings s =
        ClientHarness.with(
            ClientHarness.settings(sim), Set.of(), PnlSource.PNL_SINGLE, Duration.ofSeconds(10));
    IbkrConnection client = client(s, registrar);
    awaitRegistered(registrar);
    BrokerSession session = registrar.session();
    snapshot(session);
    List<PositionPnl> pnl = new CopyOnWriteArrayList<>();
    session.addPnlListener((x, p) -> pnl.add(p));
    Changes changes = new Changes();
    changes.attach(session);
    await().atMost(WAIT).until(() -> client.details().pnlSubscriptions() == 1);

    sim.setMarketPrice(AAPL.conId(), new BigDecimal("155"));

    await()
        .atMost(WAIT)
        .until(
            () ->
                pnl.stream()
                    .anyMatch(p -> p.marketValue() != null && p.marketValue().intValue() == 15500));
    PositionPnl last = pnl.get(pnl.size() - 1);
    assertThat(last.account()).isEqualTo("DU1");
    assertThat(last.unrealizedPnl()).isEqualByComparingTo("500");
    assertThat(last.realizedPnl()).isNull(); // nothing realized yet: the gateway reports it unset
    assertThat(changes.seen).isEmpty();
  }

  @Test
  void accountUpdatesFillMarketPriceAndRealizedPnl() throws Exception {
    GatewaySimulator sim = simulator(SimulatorSettings.forTests("DU1"));
    sim.trade("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150"));
    RecordingRegistrar registrar = new RecordingRegistrar();
    ConnectionSettings s =
        ClientHarness.with(
            ClientHarness.settings(sim),
            Set.of(),
            PnlSource.ACCOUNT_UPDATES,
            Duration.ofSeconds(10));
    client(s, registrar);
    awaitRegistered(registrar);
    List<PositionPnl> pnl = new CopyOnWriteArrayList<>();
    registrar.session().addPnlListener((x, p) -> pnl.add(p));

    sim.trade("DU1", AAPL, new BigDecimal("-40"), new BigDecimal("160"));

    await()
        .atMost(WAIT)
        .until(
            () ->
                pnl.stream()
                    .anyMatch(p -> p.realizedPnl() != null && p.realizedPnl().signum() != 0));
    PositionPnl last = pnl.get(pnl.size() - 1);
    assertThat(last.realizedPnl()).isEqualByComparingTo("400");
    assertThat(last.marketPrice()).isEqualByComparingTo("160");
    assertThat(last.marketValue()).isEqualByComparingTo("9600");
  }
}
