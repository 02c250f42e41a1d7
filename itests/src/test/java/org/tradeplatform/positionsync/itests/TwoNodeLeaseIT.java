package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.StaleLeaseException;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.positionsync.testsupport.TcpProxy;

/**
 * Two real Karaf processes with the same gateway configuration in lease mode (issue 13, (a)–(d)):
 * exactly one connects; a {@code kill -9} of the active node moves the lease with a higher epoch;
 * the killed node comes back as standby; a partition (the proxy stops forwarding, sockets stay
 * open) fences the active node by its own deadline and the other takes over. The steps build on
 * each other, so they run in name order on one pair of nodes.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TwoNodeLeaseIT {

  private static final Duration BOOT = Duration.ofMinutes(10);
  private static final Duration TAKEOVER = Duration.ofMinutes(2);
  private static final SimulatedContract IBM = SimulatedContract.stock(8314, "IBM", "USD");

  private static GatewaySimulator simulator;
  private static TwoNodes cluster;

  @BeforeClass
  public static void startNodes() throws Exception {
    simulator =
        GatewaySimulator.start(SimulatorSettings.forTests("DU100", "DU200").withRandomWalk(0));
    simulator.setPosition("DU100", IBM, new BigDecimal("100"), new BigDecimal("120.5"));
    simulator.setPosition(
        "DU200", SimulatedContract.stock(265598, "AAPL", "USD"), BigDecimal.TEN, BigDecimal.ONE);
    cluster = TwoNodes.started("two_node_lease", simulator, "karaf-nodes");
  }

  @AfterClass
  public static void stopNodes() throws Exception {
    TwoNodes.closeAll(Optional.ofNullable(cluster), Optional.ofNullable(simulator));
  }

  @Test
  public void a_identicalConfigurationConnectsExactlyOneNodeAndTheOtherStandsBy() throws Exception {
    KarafNode.await(
        "both lease sessions open and one of them holding the lease",
        BOOT,
        () ->
            cluster.sessions().containsAll(cluster.nodes.keySet())
                && cluster.lockHolder().isPresent(),
        cluster.all());
    String active = cluster.lockHolder().orElseThrow();
    String standby = TwoNodes.other(active);
    awaitTableEqualsBook();

    assertEquals(1, cluster.epoch());
    assertEquals(Optional.of(active), cluster.tableHolder());
    assertEquals(1, simulator.connectedClients());
    assertEquals("no 326 rejection", 0, simulator.clientIdRejections());
    KarafNode.await(
        standby + " logs STANDBY with the holder",
        TAKEOVER,
        () ->
            cluster.node(standby).log().contains("STANDBY")
                && cluster.node(standby).log().contains("held by " + active),
        cluster.node(standby));
  }

  @Test
  public void b_killingTheActiveNodeMovesTheLeaseWithAHigherEpochAndReconciles() throws Exception {
    String active = cluster.lockHolder().orElseThrow();
    String standby = TwoNodes.other(active);
    long epoch = cluster.epoch();
    long syncs = cluster.succeededSyncs();

    cluster.node(active).kill();
    simulator.trade("DU100", IBM, new BigDecimal("-40"), new BigDecimal("125"));

    // the advisory lock shows in pg_locks before the new holder has committed its epoch
    KarafNode.await(
        standby + " holds the lease under a higher epoch",
        TAKEOVER,
        () ->
            cluster.lockHolder().equals(Optional.of(standby))
                && cluster.tableHolder().equals(Optional.of(standby)),
        cluster.all());
    assertTrue(cluster.epoch() > epoch);
    awaitTableEqualsBook();
    assertTrue("the new holder reconciled", cluster.succeededSyncs() > syncs);
    assertEquals(1, simulator.connectedClients());
  }

  @Test
  public void c_theKilledNodeRestartsAsStandby() throws Exception {
    String active = cluster.lockHolder().orElseThrow();
    String restarted = TwoNodes.other(active);
    long epoch = cluster.epoch();
    long rejections = simulator.clientIdRejections();
    int logMark = cluster.node(restarted).log().length();

    cluster.node(restarted).start();

    KarafNode.await(
        restarted + "'s lease session is back",
        BOOT,
        () -> cluster.sessions().contains(restarted),
        cluster.all());
    KarafNode.await(
        restarted + " logs STANDBY with the holder",
        TAKEOVER,
        () -> cluster.node(restarted).log().substring(logMark).contains("held by " + active),
        cluster.node(restarted));
    assertEquals(Optional.of(active), cluster.lockHolder());
    assertEquals(epoch, cluster.epoch());
    assertEquals(1, simulator.connectedClients());
    assertEquals(rejections, simulator.clientIdRejections());
  }

  @Test
  public void d_aPartitionedActiveNodeFencesItselfAndTheOtherTakesOver() throws Exception {
    String active = cluster.lockHolder().orElseThrow();
    String standby = TwoNodes.other(active);
    long epoch = cluster.epoch();
    long rejections = simulator.clientIdRejections();
    int activeMark = cluster.node(active).log().length();
    int standbyMark = cluster.node(standby).log().length();

    cluster.proxies.get(active).freeze(); // no close: the node hears nothing from PostgreSQL

    KarafNode.await(
        active + " fences itself and drops the gateway connection",
        TAKEOVER,
        () -> cluster.node(active).loggedAt(activeMark, "STANDBY, gateway connection").isPresent(),
        cluster.all());
    // the advisory lock shows in pg_locks before the new holder has committed its epoch and
    // logged the take: wait for both
    KarafNode.await(
        standby + " holds the lease and has logged taking it",
        TAKEOVER,
        () ->
            cluster.lockHolder().equals(Optional.of(standby))
                && cluster.node(standby).loggedAt(standbyMark, "taken by " + standby).isPresent(),
        cluster.all());
    String fenced = cluster.node(active).log().substring(activeMark);
    assertTrue(
        fenced,
        fenced.contains("local deadline passed") || fenced.contains("database session lost"));
    LocalDateTime dropped =
        cluster.node(active).loggedAt(activeMark, "STANDBY, gateway connection").orElseThrow();
    LocalDateTime taken =
        cluster.node(standby).loggedAt(standbyMark, "taken by " + standby).orElseThrow();
    assertTrue(
        "the old holder dropped the gateway ("
            + dropped
            + ") before the lease moved ("
            + taken
            + ")",
        dropped.isBefore(taken));
    assertEquals("no 326: the old holder had closed", rejections, simulator.clientIdRejections());
    assertTrue(cluster.epoch() > epoch);
    long runsBefore = cluster.lastSyncRunId();
    simulator.trade(
        "DU200", SimulatedContract.stock(265598, "AAPL", "USD"), BigDecimal.ONE, BigDecimal.TEN);
    awaitTableEqualsBook();
    assertTrue("the new holder wrote", cluster.succeededSyncsAfter(runsBefore) > 0);

    // the old holder's epoch after the new holder's first write: refused, counted, nothing written
    Map<String, String> rows = cluster.tableRows();
    long refused = cluster.refusedStaleWrites();
    Position stale =
        new Position(
            "DU100", Contract.stock(IBM.conId(), "IBM", "USD"), new BigDecimal("999"), null);
    FencingToken oldToken = new FencingToken(TwoNodes.BROKER_ID, epoch, active);
    StaleLeaseException refusal =
        assertThrows(
            StaleLeaseException.class,
            () ->
                cluster
                    .repository()
                    .apply(
                        TwoNodes.BROKER_ID,
                        List.of(stale),
                        SyncTrigger.CALLBACK,
                        Optional.of(oldToken)));
    assertTrue(refusal.getMessage(), refusal.getMessage().contains("epoch " + epoch));
    assertEquals(rows, cluster.tableRows());
    assertEquals(refused + 1, cluster.refusedStaleWrites());

    cluster.proxies.get(active).restore();
    KarafNode.await(
        active + " is back as standby",
        TAKEOVER,
        () -> cluster.sessions().contains(active),
        cluster.all());
    assertEquals(Optional.of(standby), cluster.lockHolder());
    awaitTableEqualsBook();
    assertNotEquals(0, cluster.succeededSyncs());
  }

  /**
   * FaultsIT's database-down cases in lease mode: without the database no node may hold the
   * gateway. The holder fences itself and drops its gateway connection, both nodes stay STANDBY
   * while trading goes on, and when the database returns one of them takes the lease with a higher
   * epoch and reconciles what was traded meanwhile.
   */
  @Test
  public void e_withLeasesADatabaseOutageLeavesTheGatewayAloneUntilItReturns() throws Exception {
    String active = cluster.lockHolder().orElseThrow();
    long epoch = cluster.epoch();
    int logMark = cluster.node(active).log().length();

    cluster.proxies.values().forEach(TcpProxy::cut); // resets every socket, refuses new ones
    KarafNode.await(
        active + " drops the gateway connection",
        TAKEOVER,
        () ->
            simulator.connectedClients() == 0
                && cluster.node(active).log().substring(logMark).contains("STANDBY, gateway"),
        cluster.all());
    simulator.trade("DU100", IBM, new BigDecimal("5"), new BigDecimal("126"));
    KarafNode.await(
        "the server has no lease session left",
        TAKEOVER,
        () -> cluster.sessions().stream().noneMatch(cluster.nodes::containsKey),
        cluster.all());
    // both nodes keep retrying the database (every second) for five times that long
    Thread.sleep(5_000);
    assertEquals("no node connects without the database", 0, simulator.connectedClients());
    assertEquals(Optional.empty(), cluster.lockHolder());
    assertEquals(epoch, cluster.epoch());

    cluster.proxies.values().forEach(TcpProxy::restore);
    KarafNode.await(
        "a node holds the lease again",
        TAKEOVER,
        () -> cluster.lockHolder().isPresent(),
        cluster.all());
    assertTrue(cluster.epoch() > epoch);
    assertEquals(cluster.lockHolder(), cluster.tableHolder());
    awaitTableEqualsBook();
    assertEquals(1, simulator.connectedClients());
  }

  private static void awaitTableEqualsBook() throws Exception {
    KarafNode.await(
        "table equals the simulator's book",
        TAKEOVER,
        () -> SyncStackSupport.bookRows(simulator.book()).equals(cluster.tableRows()),
        cluster.all());
  }
}
