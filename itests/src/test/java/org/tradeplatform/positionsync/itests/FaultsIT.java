package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * Faults, each a real loss, with the real bundles in Karaf, PostgreSQL behind a TCP proxy and the
 * gateway simulator: Karaf booted while the database is down, the database unreachable during
 * trading, a snapshot cut mid-way, IB codes 1100 then 1101, and the gateway's nightly restart.
 * After each the table equals the simulator's book exactly and no position was closed wrongly.
 * Fault durations scale with {@code itest.scale}.
 *
 * <p>The container boots with nothing listening on the database port; {@code f1} brings the
 * database up, so it must run first (the other tests bring it up themselves if it did not).
 * Periodic reconciles are an hour away: whatever converges does so through the path under test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FaultsIT extends FaultStackSupport {

  private static final String DATABASE = "faults";

  /**
   * Bound of a recovery: after a long outage (the soak) the next retry may be a whole maximum
   * backoff (60 s, position-sync and repository migrations alike) away.
   */
  private static final Duration RECOVERY = Duration.ofSeconds(120);

  private static final SimulatedContract NEW_CONTRACT =
      SimulatedContract.stock(88_000_001L, "FLT", "USD");

  @Configuration
  public Option[] config() {
    List<Option> extra = new ArrayList<>(List.of(syncConfiguration(1, 3600)));
    extra.addAll(List.of(FaultDatabase.throughProxy(DATABASE)));
    return stack(DATABASE, freePort(), extra.toArray(new Option[0]));
  }

  @Test
  public void f1_karafBootedWhileTheDatabaseIsDownRecoversWhenItComesUp() {
    assertFalse("the database was up before this test", FaultDatabase.started());
    // the gateway side does not need the database
    service(BrokerSession.class, "(" + BrokerSession.BROKER_ID + "=" + BROKER_ID + ")");
    GatewaySimulator simulator = simulator();
    SimulatedPosition first = simulator.book().get(0);
    SimulatedPosition second = simulator.book().get(1);

    // trading goes on while the database is down
    simulator.trade(first.account(), first.contract(), first.quantity().negate(), price(101));
    simulator.trade(second.account(), second.contract(), BigDecimal.valueOf(15), price(102));
    simulator.trade(second.account(), NEW_CONTRACT, BigDecimal.valueOf(40), price(30));
    sleep(faultDuration(3));

    awaitLogLines("Schema migration failed", 1);
    assertNull("no repository without a schema", serviceOrNull(PositionRepository.class, null));
    assertNull(
        "no sync component without a repository", serviceOrNull(PositionSyncStatus.class, null));

    long start = System.nanoTime();
    FaultDatabase.up();
    assertConverges("the database came up", RECOVERY);
    report("database up at last -> table exact", start);

    assertNotNull(successfulRunAfter(0, SyncTrigger.BIND));
    assertTrue(closedInTableButOpenAtBroker().isEmpty());
  }

  @Test
  public void f2_databaseUnreachableDuringTradingIsCountedAndRecovered() {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    GatewaySimulator simulator = simulator();
    List<SimulatedPosition> book = simulator.book();
    SimulatedPosition toClose = book.get(0);
    SyncStatistics before = total();
    int recoveredBefore = logLines("Position sync of " + BROKER_ID + " recovered after");

    try (FaultCloseRecorder closes = FaultCloseRecorder.listen(bundleContext)) {
      FaultDatabase.cut();
      try {
        long end = System.nanoTime() + faultDuration(3).toNanos();
        int i = 0;
        do {
          SimulatedPosition row = book.get(1 + i % (book.size() - 1));
          simulator.trade(
              row.account(), row.contract(), BigDecimal.valueOf(i % 2 == 0 ? 10 : -5), price(90));
          i++;
          sleep(Duration.ofMillis(200));
        } while (System.nanoTime() < end);
        simulator.trade(
            toClose.account(), toClose.contract(), toClose.quantity().negate(), price(95));
        simulator.trade(toClose.account(), NEW_CONTRACT, BigDecimal.valueOf(-20), price(31));

        await(
            "syncs failing while the database is unreachable",
            PATIENCE,
            () -> {
              SyncStatistics session = statisticsOrNull();
              return total().syncsFailed() > before.syncsFailed()
                  && session != null
                  && session.lastError() != null;
            });
      } finally {
        FaultDatabase.restore();
      }

      long start = System.nanoTime();
      assertConverges("the database came back", RECOVERY);
      report("database back -> table exact", start);

      SyncStatistics after = total();
      System.out.printf(
          "FaultsIT: outage of %s: syncs failed %d, succeeded %d%n",
          faultDuration(3),
          after.syncsFailed() - before.syncsFailed(),
          after.syncsSucceeded() - before.syncsSucceeded());
      assertTrue(after.syncsSucceeded() > before.syncsSucceeded());
      assertNull(statistics().lastError());
      awaitLogLines("Position sync of " + BROKER_ID + " recovered after", recoveredBefore + 1);
      assertEquals(List.of(key(toClose)), closesUntil(closes, key(toClose)));
      assertTrue(closedInTableButOpenAtBroker().isEmpty());
    }
  }

  @Test
  public void f3_aSnapshotCutMidWayClosesNothing() throws Exception {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    GatewaySimulator simulator = simulator();
    List<SimulatedPosition> book = simulator.book();
    assertTrue("a book worth cutting: " + book.size(), book.size() >= 4);
    long accepted = simulator.acceptedConnections();
    long failedBefore = total().syncsFailed();
    long abandonedBefore = total().syncsAbandoned();
    long closedBefore = closedRows();

    try (FaultCloseRecorder closes = FaultCloseRecorder.listen(bundleContext)) {
      // the next positions answer stops after half the rows and the socket closes: had the
      // reconcile believed it, it would close the other half
      simulator.faults().dropAfterSnapshotRows(book.size() / 2);
      CompletableFuture<SyncResult> manual = syncStatus().syncNow(BROKER_ID).toCompletableFuture();
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> manual.get(60, TimeUnit.SECONDS));
      System.out.println("FaultsIT: the reconcile of the cut snapshot failed: " + failure);

      SimulatedPosition row = book.get(book.size() - 1);
      simulator.trade(row.account(), row.contract(), BigDecimal.valueOf(3), price(77));
      await(
          "the connection re-established",
          PATIENCE,
          () -> simulator.acceptedConnections() > accepted);

      long start = System.nanoTime();
      assertConverges("the snapshot cut", RECOVERY);
      report("snapshot cut -> table exact", start);
      sleep(Duration.ofMillis(500)); // events are posted asynchronously after each commit
      assertEquals("positions closed", List.of(), closes.drain());
    }
    assertEquals(closedBefore, closedRows());
    assertTrue(closedInTableButOpenAtBroker().isEmpty());
    // The cut closes the socket: the reconcile fails, or, when the session is withdrawn before
    // the connection fails the request, it is abandoned. Either way it is counted.
    assertTrue(total().syncsFailed() + total().syncsAbandoned() > failedBefore + abandonedBefore);
  }

  @Test
  public void f4_connectivityLostThenRestoredResubscribesAndResyncs() {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    GatewaySimulator simulator = simulator();
    List<SimulatedPosition> book = simulator.book();
    long lastRun = lastSyncRunId();
    int resubscribedBefore = logLines("(IB code 1101); resubscribing");

    simulator.faults().connectivityLost();
    await("the session withdrawn on code 1100", PATIENCE, () -> sessionOrNull() == null);
    SimulatedPosition row = book.get(0);
    simulator.trade(row.account(), row.contract(), BigDecimal.valueOf(-30), price(88));
    simulator.trade(row.account(), NEW_CONTRACT, BigDecimal.valueOf(12), price(33));
    sleep(faultDuration(2));
    assertNull("no session while the gateway is cut off from IB", sessionOrNull());

    long start = System.nanoTime();
    simulator.faults().connectivityRestored(true);
    assertConverges("code 1101", RECOVERY);
    report("1100, 1101 -> table exact", start);
    awaitLogLines("(IB code 1101); resubscribing", resubscribedBefore + 1);
    assertNotNull(successfulRunAfter(lastRun, SyncTrigger.BIND));

    // 1101 ended every subscription at the gateway: only a resubscribed stream carries this
    assertStreamedChangeReachesTheTable(simulator, book.get(1));
  }

  @Test
  public void f5_theNightlyRestartReconnectsAndResyncs() throws Exception {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    GatewaySimulator simulator = simulator();
    List<SimulatedPosition> book = simulator.book();
    long restarts = simulator.restarts();
    long accepted = simulator.acceptedConnections();
    long lastRun = lastSyncRunId();
    SimulatedPosition toClose = book.get(book.size() - 1);
    SimulatedPosition toChange = book.get(0);

    try (FaultCloseRecorder closes = FaultCloseRecorder.listen(bundleContext)) {
      // the gateway goes down, comes up, goes down once more: positions change in between
      simulator.restart();
      simulator.trade(
          toClose.account(), toClose.contract(), toClose.quantity().negate(), price(120));
      sleep(faultDuration(1));
      simulator.restart();
      simulator.trade(toChange.account(), toChange.contract(), BigDecimal.valueOf(9), price(121));
      assertEquals(restarts + 2, simulator.restarts());

      long start = System.nanoTime();
      await("the client reconnected", PATIENCE, () -> simulator.acceptedConnections() > accepted);
      assertConverges("the nightly restart", RECOVERY);
      report("restart -> table exact", start);
      assertNotNull(successfulRunAfter(lastRun, SyncTrigger.BIND));
      assertEquals(List.of(key(toClose)), closesUntil(closes, key(toClose)));
    }
    assertTrue(closedInTableButOpenAtBroker().isEmpty());
    assertStreamedChangeReachesTheTable(simulator, toChange);
  }

  // ---------------------------------------------------------------- helpers

  /** A trade after the fault reaches the table through the position callback. */
  private void assertStreamedChangeReachesTheTable(
      GatewaySimulator simulator, SimulatedPosition row) {
    long triggers = statistics().callbackTriggers();
    SimulatedPosition after =
        simulator.trade(row.account(), row.contract(), BigDecimal.valueOf(4), price(64));
    await(
        "the change heard by the position callback",
        PATIENCE,
        () -> {
          SyncStatistics s = statisticsOrNull();
          return s != null && s.callbackTriggers() > triggers;
        });
    await(
        "the streamed change in the table",
        PATIENCE,
        () ->
            repository()
                .position(after.account(), after.contract().conId())
                .map(p -> p.position().quantity().compareTo(after.quantity()) == 0)
                .orElse(false));
    assertConverges("a streamed change", PATIENCE);
  }

  /** Closes heard until {@code key} is among them (events are posted after the commit). */
  private static List<String> closesUntil(FaultCloseRecorder recorder, String key) {
    List<String> heard = new ArrayList<>();
    await(
        "a CLOSED event for " + key,
        PATIENCE,
        () -> {
          heard.addAll(recorder.drain());
          return heard.contains(key);
        });
    sleep(Duration.ofMillis(300));
    heard.addAll(recorder.drain());
    return heard;
  }

  private long closedRows() {
    return repository().allPositions(true).stream().filter(StoredPosition::isClosed).count();
  }

  private static BigDecimal price(int value) {
    return BigDecimal.valueOf(value);
  }

  /** Measured, not asserted: how long recovery took. */
  private static void report(String what, long startNanos) {
    System.out.printf(
        "FaultsIT: %s in %d ms%n", what, (System.nanoTime() - startNanos) / 1_000_000);
  }
}
