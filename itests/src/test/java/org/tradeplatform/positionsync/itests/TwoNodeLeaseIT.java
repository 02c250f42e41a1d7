package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

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
                && cluster.node(standby).log().contains(active),
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

    KarafNode.await(
        standby + " holds the lease",
        TAKEOVER,
        () -> cluster.lockHolder().equals(Optional.of(standby)),
        cluster.all());
    assertTrue(cluster.epoch() > epoch);
    assertEquals(Optional.of(standby), cluster.tableHolder());
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

    cluster.node(restarted).start();

    KarafNode.await(
        restarted + "'s lease session is back",
        BOOT,
        () -> cluster.sessions().contains(restarted),
        cluster.all());
    KarafNode.await(
        restarted + " logs STANDBY",
        TAKEOVER,
        () -> cluster.node(restarted).log().contains("STANDBY"),
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

    cluster.proxies.get(active).freeze(); // no close: the node hears nothing from PostgreSQL

    KarafNode.await(
        active + " fences itself by its local deadline",
        TAKEOVER,
        () ->
            cluster.node(active).log().contains("local deadline passed")
                || cluster.node(active).log().contains("database session lost"),
        cluster.all());
    KarafNode.await(
        standby + " holds the lease",
        TAKEOVER,
        () -> cluster.lockHolder().equals(Optional.of(standby)),
        cluster.all());
    assertTrue(cluster.epoch() > epoch);
    simulator.trade(
        "DU200", SimulatedContract.stock(265598, "AAPL", "USD"), BigDecimal.ONE, BigDecimal.TEN);
    awaitTableEqualsBook();

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

  private static void awaitTableEqualsBook() throws Exception {
    KarafNode.await(
        "table equals the simulator's book",
        TAKEOVER,
        () -> SyncStackSupport.bookRows(simulator.book()).equals(cluster.tableRows()),
        cluster.all());
  }
}
