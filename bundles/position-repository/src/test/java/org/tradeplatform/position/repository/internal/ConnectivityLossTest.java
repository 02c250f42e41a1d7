package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/** The database connection dies in the middle of a snapshot transaction. */
class ConnectivityLossTest extends RepositoryTestSupport {

  @Test
  void connectionKilledMidTransactionFailsClearlyAndLeavesNothingHalfWritten() throws Exception {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "10"), position("DU1", 2, "20")),
        SyncTrigger.BIND);
    Map<PositionKey, Long> xminsBefore = xmins();
    long historyBefore = count("position_history");

    CompletableFuture<SyncResult> apply;
    try (Connection blocker = dataSource.getConnection()) {
      // hold the account's sync-state row, so the snapshot blocks after it wrote its positions
      blocker.setAutoCommit(false);
      try (PreparedStatement hold =
          blocker.prepareStatement("select * from account_sync_state for update")) {
        hold.executeQuery().close();
      }
      apply =
          CompletableFuture.supplyAsync(
              () ->
                  repository.applySnapshot(
                      snapshot(Set.of("DU1"), position("DU1", 1, "11"), position("DU1", 3, "30")),
                      SyncTrigger.PERIODIC));
      int victim =
          await().atMost(Duration.ofSeconds(20)).until(this::blockedWriter, pid -> pid > 0);
      terminate(victim);
      blocker.rollback();
    }

    assertThat(apply)
        .failsWithin(20, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(PositionStoreException.class)
        .withMessageContaining("database connection was lost")
        .withMessageContaining("rolled back");
    assertThat(xmins()).isEqualTo(xminsBefore);
    assertThat(repository.position("DU1", 3)).isEmpty();
    assertThat(repository.position("DU1", 1).orElseThrow().position().quantity())
        .isEqualByComparingTo("10");
    assertThat(count("position_history")).isEqualTo(historyBefore);

    // the next sync, on a new connection, goes through
    SyncResult retry =
        repository.applySnapshot(
            snapshot(Set.of("DU1"), position("DU1", 1, "11"), position("DU1", 3, "30")),
            SyncTrigger.PERIODIC);
    assertThat(retry.changed()).isEqualTo(3);
  }

  /** Pid of the backend waiting for the sync-state row lock, or 0 while there is none. */
  private int blockedWriter() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select pid from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like '%account_sync_state%' and pid <> pg_backend_pid()");
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void terminate(int pid) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("select pg_terminate_backend(?)")) {
      statement.setInt(1, pid);
      statement.executeQuery().close();
    }
  }
}
