package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

class SchemaMigrationTest {

  @Test
  void freshDatabaseMigratesToTheLatestVersionAndASecondRunChangesNothing() throws Exception {
    DataSource database = TestPostgres.newDatabase(SchemaMigrationTest.class);
    SchemaMigrator migrator = new SchemaMigrator(database);

    assertThat(migrator.migrate()).isEqualTo("10");
    long applied = scalar(database, "select count(*) from flyway_schema_history");
    assertThat(migrator.migrate()).isEqualTo("10");

    assertThat(scalar(database, "select count(*) from flyway_schema_history")).isEqualTo(applied);
    assertThat(scalar(database, "select count(*) from flyway_schema_history where not success"))
        .isZero();
    assertThat(
            scalar(
                database,
                "select count(*) from information_schema.views where table_name = 'positions_view'"))
        .isEqualTo(1);
  }

  @Test
  void databaseLeftAtVersionTwoWithDataIsUpgradedWithoutLoss() throws Exception {
    DataSource database = TestPostgres.newDatabase(SchemaMigrationTest.class);
    SchemaMigrator migrator = new SchemaMigrator(database);
    assertThat(migrator.migrateTo("2")).isEqualTo("2");
    // what a node of the seed's "Phase 4" left behind: an open, a closed and a priced position
    execute(
        database,
        "insert into positions (account, con_id, symbol, sec_type, currency, quantity,"
            + " average_cost, market_price, unrealized_pnl, realized_pnl, updated_at,"
            + " last_synced_at) values"
            + " ('DU1', 1, 'AAPL', 'STK', 'USD', 100.0, 150.25, 170.5, 2025, 12.5,"
            + "  '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z'),"
            + " ('DU1', 2, 'MSFT', 'STK', 'USD', 0.0001, null, null, null, null,"
            + "  '2026-01-02T10:00:00Z', null)");
    execute(
        database,
        "insert into positions (account, con_id, symbol, quantity, closed_at, updated_at)"
            + " values ('DU1', 3, 'IBM', 0, '2026-01-01T09:00:00Z', '2026-01-01T09:00:00Z')");

    assertThat(migrator.migrate()).isEqualTo("10");

    PostgresPositionRepository repository =
        new PostgresPositionRepository(
            database, new RepositorySettings(100, 30, Duration.ofSeconds(5)));
    StoredPosition apple = repository.position("DU1", 1).orElseThrow();
    assertThat(apple.position().quantity()).isEqualByComparingTo("100");
    assertThat(apple.position().averageCost()).isEqualByComparingTo("150.25");
    assertThat(apple.marketPrice()).isEqualByComparingTo("170.5");
    assertThat(apple.unrealizedPnl()).isEqualByComparingTo("2025");
    assertThat(apple.realizedPnl()).isEqualByComparingTo("12.5");
    assertThat(apple.lastSyncedAt()).isEqualTo(java.time.Instant.parse("2026-01-02T10:00:00Z"));
    assertThat(repository.position("DU1", 2).orElseThrow().position().quantity())
        .isEqualByComparingTo("0.0001");
    assertThat(repository.position("DU1", 3).orElseThrow().isClosed()).isTrue();

    // and the upgraded data takes part in a reconcile like any other
    SyncResult result =
        repository.applySnapshot(
            RepositoryTestSupport.snapshotAt(
                java.time.Instant.parse("2026-11-24T12:00:00Z"),
                Set.of("DU1"),
                new org.tradeplatform.broker.api.Position(
                    "DU1",
                    new org.tradeplatform.broker.api.Contract(
                        1, "AAPL", "STK", "USD", null, null, null, null, null, null, null),
                    new java.math.BigDecimal("100"),
                    new java.math.BigDecimal("150.250"))),
            SyncTrigger.BIND);
    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.closed()).isEqualTo(1);
  }

  private static void execute(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long scalar(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
