package org.tradeplatform.broker.ibkr.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.ScriptedTrade;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;
import org.tradeplatform.broker.ibkr.wire.ClientHello;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PnlSingle;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.PositionMultiEnd;
import org.tradeplatform.broker.ibkr.wire.RequestPnlSingle;
import org.tradeplatform.broker.ibkr.wire.RequestPositions;
import org.tradeplatform.broker.ibkr.wire.RequestPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;

/** The simulator over loopback, driven by a bare protocol client. */
class SimulatedGatewayTest {
  private static final SimulatedContract AAPL = SimulatedContract.stock(265598, "AAPL", "USD");
  private GatewaySimulator sim;

  @AfterEach
  void close() {
    if (sim != null) {
      sim.close();
    }
  }

  private List<ServerMessage> untilReady(WireClient c) throws IOException {
    boolean[] seen = new boolean[2];
    return c.readUntil(
        m -> {
          seen[0] |= m instanceof ManagedAccounts;
          seen[1] |= m instanceof NextValidId;
          return seen[0] && seen[1];
        });
  }

  @ParameterizedTest
  @ValueSource(ints = {135, 165, 166, 187})
  void negotiatesTheConfiguredVersionAndPicksTheErrorLayoutByIt(int version) throws Exception {
    sim =
        GatewaySimulator.start(SimulatorSettings.forTests("DU1", "DU2").withServerVersion(version));
    try (WireClient c = new WireClient(sim.port(), 7)) {
      assertThat(c.serverVersion).isEqualTo(version);
      assertThat(untilReady(c))
          .filteredOn(m -> m instanceof ManagedAccounts)
          .singleElement()
          .satisfies(
              m -> assertThat(((ManagedAccounts) m).accounts()).containsExactly("DU1", "DU2"));
      ServerMessage farm = c.next();
      assertThat(farm).isInstanceOf(ErrorMessage.class);
      assertThat(((ErrorMessage) farm).code()).isEqualTo(2104);
      String text =
          new String(c.rawFrames.get(c.rawFrames.size() - 1), StandardCharsets.ISO_8859_1);
      // from 166 the frame carries a trailing (empty) advancedOrderRejectJson field
      assertThat(text).endsWith(version >= 166 ? "usfarm\0\0" : "usfarm\0");
      assertThat(text).startsWith("4\0" + "2\0" + "-1\0" + "2104\0");
    }
  }

  @Test
  void answersAClientThatOffersLessWithItsMaximum() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    try (WireClient c = new WireClient(sim.port(), new ClientHello(100, 165, null), 7)) {
      assertThat(c.serverVersion).isEqualTo(165);
    }
  }

  @Test
  void sendsTheBookThenTheEndMarkerThenStreamsChanges() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("0.0001"), new BigDecimal("150.25"));
    try (WireClient c = new WireClient(sim.port(), 7)) {
      untilReady(c);
      c.send(new RequestPositions());
      List<ServerMessage> answer = c.readUntil(m -> m instanceof PositionEnd);
      assertThat(answer)
          .filteredOn(m -> m instanceof PositionData)
          .singleElement()
          .satisfies(
              m -> {
                PositionData p = (PositionData) m;
                assertThat(p.position()).isEqualByComparingTo("0.0001");
                assertThat(p.averageCost()).isEqualTo(150.25);
                assertThat(p.contract().conId()).isEqualTo(265598);
              });
      sim.trade("DU1", AAPL, new BigDecimal("10"), new BigDecimal("150"));
      ServerMessage streamed = c.readUntil(m -> m instanceof PositionData).get(0);
      assertThat(((PositionData) streamed).position()).isEqualByComparingTo("10.0001");
    }
  }

  @Test
  void servesPerAccountPositionsAndPnlSingle() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1", "DU2"));
    sim.setPosition("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150"));
    sim.setPosition("DU2", AAPL, new BigDecimal("5"), new BigDecimal("150"));
    try (WireClient c = new WireClient(sim.port(), 7)) {
      untilReady(c);
      c.send(new RequestPositionsMulti(11, "DU2", null));
      List<ServerMessage> answer = c.readUntil(m -> m instanceof PositionMultiEnd);
      assertThat(answer)
          .filteredOn(m -> m instanceof PositionMulti)
          .singleElement()
          .satisfies(m -> assertThat(((PositionMulti) m).account()).isEqualTo("DU2"));
      c.send(new RequestPnlSingle(12, "DU1", null, 265598));
      sim.setMarketPrice(265598, new BigDecimal("151"));
      List<ServerMessage> pnl =
          c.readUntil(m -> m instanceof PnlSingle p && p.value() != null && p.value() == 15100.0);
      PnlSingle last = (PnlSingle) pnl.get(pnl.size() - 1);
      assertThat(last.reqId()).isEqualTo(12);
      assertThat(last.unrealizedPnl()).isEqualTo(100.0);
      assertThat(last.realizedPnl()).isNull();
    }
  }

  @Test
  void refusesASecondClientWithTheSameIdWith326AndServesSeveralClients() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    try (WireClient a = new WireClient(sim.port(), 7);
        WireClient b = new WireClient(sim.port(), 8);
        WireClient dup = new WireClient(sim.port(), 7)) {
      untilReady(a);
      untilReady(b);
      ServerMessage refusal = dup.next();
      assertThat(refusal).isInstanceOf(ErrorMessage.class);
      assertThat(((ErrorMessage) refusal).code()).isEqualTo(326);
      assertThat(dup.next()).isNull();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.connectedClients() == 2);
      assertThat(sim.clientIdRejections()).isEqualTo(1);
    }
  }

  @Test
  void cutsASnapshotAfterKRowsWithoutTheEndMarker() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    for (int i = 1; i <= 5; i++) {
      sim.setPosition(
          "DU1", SimulatedContract.stock(100 + i, "S" + i, "USD"), BigDecimal.ONE, BigDecimal.ONE);
    }
    sim.faults().dropAfterSnapshotRows(3);
    try (WireClient c = new WireClient(sim.port(), 7)) {
      untilReady(c);
      c.send(new RequestPositions());
      List<ServerMessage> got = new java.util.ArrayList<>();
      for (ServerMessage m; (m = c.next()) != null; ) {
        got.add(m);
      }
      assertThat(got).filteredOn(m -> m instanceof PositionData).hasSize(3);
      assertThat(got).noneMatch(m -> m instanceof PositionEnd);
    }
  }

  @Test
  void restartKeepsThePortAndTheBookAndClosesClients() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    sim.setPosition("DU1", AAPL, new BigDecimal("3"), new BigDecimal("150"));
    int port = sim.port();
    try (WireClient c = new WireClient(sim.port(), 7)) {
      untilReady(c);
      sim.restart();
      assertThat(streamEnds(c)).isTrue();
    }
    assertThat(sim.port()).isEqualTo(port);
    assertThat(sim.restarts()).isEqualTo(1);
    assertThat(sim.book()).hasSize(1);
    try (WireClient again = new WireClient(port, 7)) {
      assertThat(untilReady(again)).isNotEmpty();
    }
  }

  /** True when the simulator closed the socket (not merely fell silent until the read timeout). */
  private static boolean streamEnds(WireClient c) {
    try {
      while (c.next() != null) {
        // drain what was sent before the close
      }
      return true;
    } catch (java.net.SocketTimeoutException silent) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void refusesServerVersionsOutsideTheSupportedRangeAndIbPorts() {
    assertThatThrownBy(() -> SimulatorSettings.forTests("DU1").withServerVersion(134))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorSettings.forTests("DU1").withServerVersion(188))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SimulatorSettings.DEFAULT_PORT).matches(p -> !SimulatorSettings.isIbPort(p));
    assertThat(List.of(7496, 7497, 4001, 4002)).allMatch(SimulatorSettings::isIbPort);
  }

  @Test
  void playsAScriptOfTradesInOrderAndStreamsEachFill() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    try (WireClient c = new WireClient(sim.port(), 7)) {
      untilReady(c);
      c.send(new RequestPositions());
      c.readUntil(m -> m instanceof PositionEnd);

      sim.play(
          List.of(
              new ScriptedTrade("DU1", AAPL, new BigDecimal("10"), new BigDecimal("150")),
              new ScriptedTrade("DU1", AAPL, new BigDecimal("-4"), new BigDecimal("151")),
              new ScriptedTrade("DU1", AAPL, new BigDecimal("0.5"), new BigDecimal("152"))),
          1000);

      List<java.math.BigDecimal> streamed = new java.util.ArrayList<>();
      while (streamed.size() < 3) {
        ServerMessage m = c.next();
        if (m instanceof PositionData p) {
          streamed.add(p.position());
        }
      }
      assertThat(streamed).extracting(BigDecimal::toPlainString).containsExactly("10", "6", "6.5");
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.scriptRemaining() == 0);
    }
  }

  @Test
  void randomWalkTradesAndStops() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1", "DU2"));
    sim.randomWalk(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.book().size() >= 3);
    sim.randomWalk(0);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("ibkr-sim-random-walk"));
  }
}
