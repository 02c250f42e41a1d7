package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.positionsync.testsupport.TestPostgres;

/** Upgrades to the history versions (V7, V8) and what "as of" means before history began. */
class HistoryMigrationTest {

  private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
  private static final RepositorySettings SETTINGS =
      new RepositorySettings(1_000, 30, Duration.ofSeconds(10));

  /**
   * A position stored before the history table existed has no recorded opening: before its first
   * recorded change (and for one never changed, at any time) "as of" reports the earliest quantity
   * the table knows, with an empty {@code heldSince}; a position opened after history began is not
   * held before its opening.
   */
  @Test
  void positionsThatPredateHistoryReportTheEarliestQuantityKnown() throws Exception {
    DataSource database = TestPostgres.newDatabase(HistoryMigrationTest.class);
    SchemaMigrator migrator = new SchemaMigrator(database);
    migrator.migrateTo("3");
    execute(
        database,
        "insert into positions (account, con_id, symbol, quantity, average_cost, closed_at) values"
            + " ('DU1', 1, 'AAPL', 100, 150, null),"
            + " ('DU1', 2, 'MSFT', 50, 300, null),"
            + " ('DU1', 3, 'IBM', 0, null, '2026-01-01T09:00:00Z')");
    migrator.migrate();
    PostgresPositionRepository repository = new PostgresPositionRepository(database, SETTINGS);
    Instant beforeChanges = Instant.now().minusSeconds(1);

    long changeRun =
        repository
            .apply(
                "gw1",
                List.of(RepositoryTestSupport.position("DU1", 1, "AAPL", "150", "160")),
                SyncTrigger.CALLBACK)
            .syncRunId();
    repository.apply(
        "gw1",
        List.of(RepositoryTestSupport.position("DU1", 4, "NVDA", "5", "900")),
        SyncTrigger.CALLBACK);
    Instant afterChanges = Instant.now().plusSeconds(1);

    for (Instant before : List.of(LONG_AGO, beforeChanges)) {
      List<HeldPosition> then =
          repository.positionsAsOf(before, Optional.empty(), 0, 10).positions();
      assertThat(then).extracting(h -> h.position().key().conId()).containsExactly(1L, 2L);
      assertThat(then.get(0).position().quantity()).isEqualByComparingTo("100");
      assertThat(then.get(0).heldSince()).isEmpty();
      assertThat(then.get(0).trigger()).isEmpty();
      assertThat(then.get(0).position().averageCost()).isNull();
      assertThat(then.get(1).position().quantity()).isEqualByComparingTo("50");
      assertThat(then.get(1).heldSince()).isEmpty();
    }
    List<HeldPosition> now =
        repository.positionsAsOf(afterChanges, Optional.empty(), 0, 10).positions();
    assertThat(now).extracting(h -> h.position().key().conId()).containsExactly(1L, 2L, 4L);
    assertThat(now.get(0).position().quantity()).isEqualByComparingTo("150");
    assertThat(now.get(0).position().averageCost()).isEqualByComparingTo("160");
    assertThat(now.get(0).heldSince()).isPresent();
    assertThat(now.get(0).trigger()).contains(SyncTrigger.CALLBACK);
    assertThat(now.get(1).heldSince()).as("never changed since history began").isEmpty();
    assertThat(repository.history(new PositionKey("DU1", 1), LONG_AGO, afterChanges))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.oldQuantity())
                  .hasValueSatisfying(q -> assertThat(q).isEqualByComparingTo("100"));
              assertThat(e.newQuantity()).isEqualByComparingTo("150");
              assertThat(e.syncRunId()).isEqualTo(changeRun);
            });
  }

  /**
   * A version-6 database with 1,000,000 history rows (100,000 positions, ten changes each)
   * upgrades: nothing lost, older rows carry no trigger or average cost, the as-of index is valid
   * and the query answers from the old rows.
   */
  @Test
  void versionSixDatabaseWithAMillionHistoryRowsUpgrades() throws Exception {
    DataSource database = TestPostgres.newDatabase(HistoryMigrationTest.class);
    SchemaMigrator migrator = new SchemaMigrator(database);
    assertThat(migrator.migrateTo("6")).isEqualTo("6");
    // account of position i: DU0 … DU9, 10,000 positions each
    execute(
        database,
        "insert into positions (account, con_id, symbol, quantity)"
            + " select 'DU' || ((i - 1) / 10000), i, 'S' || i, i % 7"
            + "   from generate_series(1, 100000) i");
    // change k of position i at 2026-01-01 + k hours: quantity k-1 -> k, the last one i % 7;
    // generated in the order of the primary key (account, con_id, id), so the rows are appended
    // to its index rather than inserted all over it
    execute(
        database,
        "insert into position_history (account, con_id, old_quantity, new_quantity, changed_at,"
            + " sync_run_id)"
            + " select 'DU' || ((i - 1) / 10000), i, case when k = 1 then null else k - 1 end,"
            + "        case when k = 10 then i % 7 else k end,"
            + "        timestamptz '2026-01-01T00:00:00Z' + make_interval(hours => k), k"
            + "   from generate_series(0, 999999) n,"
            + "        lateral (select n / 10 + 1 as i, n % 10 + 1 as k) change");
    long start = System.nanoTime();
    String version = migrator.migrate();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("V6 -> " + version + " with 1,000,000 history rows took " + millis + " ms");

    assertThat(version).isEqualTo(SchemaMigrationTest.LATEST);
    assertThat(scalar(database, "select count(*) from position_history")).isEqualTo(1_000_000L);
    assertThat(
            scalar(
                database,
                "select count(*) from position_history"
                    + " where trigger is not null or average_cost is not null"))
        .isZero();
    assertThat(
            scalar(
                database,
                "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                    + " where c.relname = 'position_history_as_of' and i.indisvalid"))
        .isEqualTo(1L);
    PostgresPositionRepository repository = new PostgresPositionRepository(database, SETTINGS);
    // at 05:30 every position had had five changes: quantity 5
    PositionsAsOf page =
        repository.positionsAsOf(Instant.parse("2026-01-01T05:30:00Z"), Optional.of("DU3"), 0, 500);
    assertThat(page.positions()).hasSize(500);
    assertThat(page.more()).isTrue();
    assertThat(page.positions())
        .allSatisfy(h -> assertThat(h.position().quantity()).isEqualByComparingTo("5"));
    assertThat(page.positions().get(0).heldSince()).contains(Instant.parse("2026-01-01T05:00:00Z"));
  }

  private static void execute(DataSource database, String sql) throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long scalar(DataSource database, String sql) throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
