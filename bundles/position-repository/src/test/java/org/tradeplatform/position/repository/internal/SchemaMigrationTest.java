package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.positionsync.testsupport.TestPostgres;

class SchemaMigrationTest {

  /** The schema version the bundle's scripts lead to. */
  static final String LATEST = "9";

  /** What Flyway says when it meets a server newer than it knows. */
  private static final Pattern VERSION_WARNING =
      Pattern.compile("(?i)upgrade recommended|not (been )?tested|newer than this version");

  private static final List<String> DATA_QUERIES =
      List.of(
          "select * from positions order by account, con_id",
          // the columns a release V6 database has: V7 adds trigger and average cost, null for old
          // rows
          "select id, account, con_id, old_quantity, new_quantity, changed_at, sync_run_id"
              + " from position_history order by id",
          "select * from sync_runs order by id",
          "select * from account_sync_state order by account",
          "select * from positions_view order by account, con_id");

  @Test
  void serverIsDurableAndOfTheVersionUnderTest() throws Exception {
    DataSource database = TestPostgres.newDatabase(SchemaMigrationTest.class);
    assertThat(rows(database, "show synchronous_commit")).containsExactly("on");
    assertThat(rows(database, "show fsync")).containsExactly("on");
    // each surefire execution of the PostgreSQL matrix names the major version it put there
    String expected = System.getProperty("postgres.expected.major", "16");
    assertThat(scalar(database, "select current_setting('server_version_num')::int / 10000"))
        .isEqualTo(Long.parseLong(expected));
  }

  @Test
  void releaseV6DatabaseUpgradesInPlaceWithoutRerunRepairOrWarning() throws Exception {
    DataSource database = TestPostgres.newDatabase(SchemaMigrationTest.class);
    ReleaseFixture.restoreInto(database);
    List<String> history = rows(database, HISTORY);
    List<List<String>> data = data(database);

    FlywayLog.Captured<String> migrated =
        FlywayLog.capture(() -> new SchemaMigrator(database).migrate());

    assertThat(migrated.result()).isEqualTo(LATEST);
    // nothing re-run, nothing repaired: every row of the release's history is as it was, and the
    // later migrations follow it
    assertThat(rows(database, HISTORY)).startsWith(history.toArray(String[]::new));
    assertThat(rows(database, HISTORY)).hasSize(history.size() + 3);
    assertThat(data(database)).isEqualTo(data);
    List<String> flyway = migrated.flywayLines();
    String major = System.getProperty("postgres.expected.major", "16");
    assertThat(flyway)
        .as("Flyway's INFO lines were captured")
        .anyMatch(line -> line.contains("INFO") && line.contains("(PostgreSQL " + major + "."))
        .anyMatch(line -> line.contains("Successfully validated " + LATEST + " migrations"));
    assertThat(flyway).noneMatch(line -> VERSION_WARNING.matcher(line).find());

    // the release's rows take part in a reconcile like any other
    PostgresPositionRepository repository =
        new PostgresPositionRepository(
            database, new RepositorySettings(100, 30, Duration.ofSeconds(5)));
    StoredPosition apple = repository.position("DU111", 265598).orElseThrow();
    assertThat(apple.position().quantity()).isEqualByComparingTo("120");
    assertThat(apple.realizedPnl()).isEqualByComparingTo("12.5");
    assertThat(repository.position("DU222", 8314).orElseThrow().isClosed()).isTrue();
    SyncResult result =
        repository.applySnapshot(
            RepositoryTestSupport.snapshotAt(
                java.time.Instant.parse("2026-11-30T10:00:00Z"),
                Set.of("DU111"),
                repository.positions("DU111", false).stream()
                    .map(StoredPosition::position)
                    .toArray(org.tradeplatform.broker.api.Position[]::new)),
            SyncTrigger.PERIODIC);
    assertThat(result.unchanged()).isEqualTo(3);
    assertThat(result.changed()).isZero();
  }

  @Test
  void anAppliedScriptThatNoLongerMatchesIsRefusedAndNotRepaired() throws Exception {
    DataSource database = TestPostgres.newDatabase(SchemaMigrationTest.class);
    ReleaseFixture.restoreInto(database);
    execute(
        database, "update flyway_schema_history set checksum = checksum + 1 where version = '3'");
    List<String> tampered = rows(database, HISTORY);

    assertThatThrownBy(() -> new SchemaMigrator(database).migrate())
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("3");
    assertThat(rows(database, HISTORY)).isEqualTo(tampered);
  }

  private static final String HISTORY =
      "select installed_rank || '|' || coalesce(version, '') || '|' || script || '|'"
          + " || coalesce(checksum::text, '') || '|' || installed_on || '|' || success"
          + " from flyway_schema_history order by installed_rank";

  private static List<List<String>> data(DataSource database) throws SQLException {
    List<List<String>> data = new ArrayList<>();
    for (String query : DATA_QUERIES) {
      data.add(rows(database, "select t::text from (" + query + ") t"));
    }
    return data;
  }

  private static List<String> rows(DataSource database, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  @Test
  void freshDatabaseMigratesToTheLatestVersionAndASecondRunChangesNothing() throws Exception {
    DataSource database = TestPostgres.newDatabase(SchemaMigrationTest.class);
    SchemaMigrator migrator = new SchemaMigrator(database);

    assertThat(migrator.migrate()).isEqualTo(LATEST);
    long applied = scalar(database, "select count(*) from flyway_schema_history");
    assertThat(migrator.migrate()).isEqualTo(LATEST);

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

    assertThat(migrator.migrate()).isEqualTo(LATEST);

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
