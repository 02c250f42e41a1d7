package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.StaleSnapshotException;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/** Two nodes (two repository instances) writing the same accounts of one database. */
class ConcurrentWritersTest extends RepositoryTestSupport {

  private static final Set<String> SCOPE = Set.of("DU1", "DU2", "DU3");
  private static final int ROUNDS = 15;
  private static final int POSITIONS = 40;

  @Test
  void conflictingSnapshotsEndWithTheNewestCaptureAndCompleteHistory() throws Exception {
    PostgresPositionRepository nodeA = new PostgresPositionRepository(dataSource, SETTINGS);
    PostgresPositionRepository nodeB = new PostgresPositionRepository(dataSource, SETTINGS);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      PositionSnapshot newest = null;
      for (int round = 0; round < ROUNDS; round++) {
        // the older capture carries other quantities and drops some positions: if it won, the
        // table would show it
        PositionSnapshot older = book(nextCapture(), round, 1);
        newest = book(nextCapture(), round, 2);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Boolean> a = executor.submit(applying(nodeA, older, start));
        Future<Boolean> b = executor.submit(applying(nodeB, newest, start));
        // the older one is applied first or rejected as stale, depending on who wins the race
        a.get(60, TimeUnit.SECONDS);
        assertThat(b.get(60, TimeUnit.SECONDS)).as("the newest snapshot is never stale").isTrue();
      }

      List<StoredPosition> stored = nodeA.allPositions(false);
      assertThat(stored)
          .extracting(StoredPosition::position)
          .containsExactlyInAnyOrderElementsOf(newest.positions());
      for (String account : SCOPE) {
        for (long conId = 1; conId <= POSITIONS; conId++) {
          assertHistoryIsAChain(account, conId);
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void writerGivesUpAfterTheLockTimeoutAndWritesNothing() throws Exception {
    PostgresPositionRepository impatient =
        new PostgresPositionRepository(
            dataSource, new RepositorySettings(1_000, 30, Duration.ofMillis(200)));
    try (Connection otherNode = dataSource.getConnection()) {
      otherNode.setAutoCommit(false);
      try (PreparedStatement lock =
          otherNode.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
        lock.setInt(1, PostgresPositionRepository.LOCK_NAMESPACE);
        lock.setString(2, "DU1");
        lock.execute();
      }

      assertThatThrownBy(
              () ->
                  impatient.applySnapshot(
                      snapshot(Set.of("DU1"), position("DU1", 1, "1")), SyncTrigger.PERIODIC))
          .isInstanceOf(PositionStoreException.class)
          .hasMessageContaining("lock_timeout")
          .hasMessageContaining("55P03");
      otherNode.rollback();
    }
    assertThat(count("positions")).isZero();
    assertThat(impatient.syncRuns(1).get(0).status()).isEqualTo("FAILED");
  }

  /**
   * Guards where the locks are taken. Another node holds DU1's lock and has changed one row and
   * added another, not yet committed; our apply must wait, then compare against what that node
   * committed. Had the read shared a statement with the lock (say, a CTE), its snapshot would
   * predate the lock: it would insert a row that exists (unique violation) and chain history from a
   * quantity that is gone.
   */
  @Test
  void aWriterBlockedByTheLockComparesAgainstWhatTheHolderCommitted() throws Exception {
    repository.applySnapshot(snapshot(Set.of("DU1"), position("DU1", 1, "10")), SyncTrigger.BIND);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Connection otherNode = dataSource.getConnection()) {
      otherNode.setAutoCommit(false);
      try (PreparedStatement lock =
              otherNode.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))");
          Statement write = otherNode.createStatement()) {
        lock.setInt(1, PostgresPositionRepository.LOCK_NAMESPACE);
        lock.setString(2, "DU1");
        lock.execute();
        write.execute("update positions set quantity = 20 where account = 'DU1' and con_id = 1");
        write.execute(
            "insert into positions (account, con_id, symbol, quantity) values ('DU1', 2, 'SYM2', 5)");
        write.execute(
            "insert into position_history (account, con_id, old_quantity, new_quantity,"
                + " changed_at) values ('DU1', 1, 10, 20, now()), ('DU1', 2, null, 5, now())");
      }
      Future<SyncResult> applied =
          executor.submit(
              () ->
                  repository.apply(
                      "gw1",
                      List.of(position("DU1", 1, "30"), position("DU1", 2, "6")),
                      SyncTrigger.CALLBACK));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> count("pg_locks where locktype = 'advisory' and not granted") == 1);
      otherNode.commit();

      SyncResult result = applied.get(30, TimeUnit.SECONDS);
      assertThat(result.inserted()).isZero();
      assertThat(result.updated()).isEqualTo(2);
      assertThat(result.changes())
          .extracting(change -> change.oldQuantity().toPlainString())
          .containsExactly("20", "5");
    } finally {
      executor.shutdownNow();
    }
    assertThat(history("DU1", 1)).containsExactly("null->10", "10->20", "20->30");
    assertThat(history("DU1", 2)).containsExactly("null->5", "5->6");
  }

  private Callable<Boolean> applying(
      PostgresPositionRepository node, PositionSnapshot snapshot, CyclicBarrier start) {
    return () -> {
      start.await(30, TimeUnit.SECONDS);
      try {
        node.applySnapshot(snapshot, SyncTrigger.PERIODIC);
        return true;
      } catch (StaleSnapshotException e) {
        return false;
      }
    };
  }

  /** Each history row starts where the previous one ended, and the last one is the stored state. */
  private void assertHistoryIsAChain(String account, long conId) throws Exception {
    List<String> history = history(account, conId);
    String previous = "null";
    for (String change : history) {
      String[] parts = change.split("->");
      assertThat(parts[0]).as("history of %s/%s: %s", account, conId, history).isEqualTo(previous);
      previous = parts[1];
    }
    String stored =
        repository
            .position(account, conId)
            .map(p -> p.position().quantity().stripTrailingZeros().toPlainString())
            .orElse("null");
    assertThat(previous).as("last history entry of %s/%s", account, conId).isEqualTo(stored);
  }

  /** A book over three accounts whose quantities depend on round and variant. */
  private static PositionSnapshot book(Instant capturedAt, int round, int variant) {
    List<Position> rows = new ArrayList<>();
    for (String account : SCOPE) {
      for (long conId = 1; conId <= POSITIONS; conId++) {
        if (variant == 1 && conId % 4 == 0) {
          continue;
        }
        BigDecimal quantity = BigDecimal.valueOf(round * 1000L + conId * 10 + variant);
        rows.add(position(account, conId, quantity.toPlainString()));
      }
    }
    // the nodes report their rows in opposite orders; rows and locks are still taken sorted
    if (variant == 1) {
      java.util.Collections.reverse(rows);
    }
    return snapshotAt(capturedAt, SCOPE, rows.toArray(Position[]::new));
  }
}
