package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * A migrated database per test class (behind a connection pool), emptied before every test, and
 * helpers to inspect it.
 */
abstract class RepositoryTestSupport {

  static final RepositorySettings SETTINGS =
      new RepositorySettings(1_000, 30, Duration.ofSeconds(10));

  /** Capture times move forward from here, one second per snapshot. */
  private static final Instant EPOCH = Instant.parse("2026-11-24T08:00:00Z");

  static DataSource dataSource;
  PostgresPositionRepository repository;
  private int captures;

  @BeforeAll
  static void createDatabase(org.junit.jupiter.api.TestInfo info) {
    dataSource = MigratedDatabases.migratedDatabase(info.getTestClass().orElseThrow());
  }

  @AfterAll
  static void closeConnections() {
    MigratedDatabases.close(dataSource);
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    execute("truncate positions, position_history, sync_runs, account_sync_state restart identity");
    repository = new PostgresPositionRepository(dataSource, SETTINGS);
  }

  /** The next capture time: later than every earlier one of this test. */
  Instant nextCapture() {
    return EPOCH.plusSeconds(++captures);
  }

  PositionSnapshot snapshot(Set<String> accounts, Position... positions) {
    return snapshotAt(nextCapture(), accounts, positions);
  }

  static PositionSnapshot snapshotAt(Instant capturedAt, Set<String> accounts, Position... rows) {
    PositionSnapshot.Collector collector = PositionSnapshot.collect("gw1", accounts);
    for (Position position : rows) {
      collector.add(position);
    }
    return collector.complete(capturedAt);
  }

  static Position position(String account, long conId, String quantity) {
    return position(account, conId, "SYM" + conId, quantity, "10");
  }

  static Position position(
      String account, long conId, String symbol, String quantity, String averageCost) {
    return new Position(
        account,
        Contract.stock(conId, symbol, "USD"),
        new BigDecimal(quantity),
        averageCost == null ? null : new BigDecimal(averageCost));
  }

  static void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The transaction id that last wrote each position row: unchanged when the row was not. */
  static Map<PositionKey, Long> xmins() throws SQLException {
    Map<PositionKey, Long> xmins = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("select account, con_id, xmin::text::bigint from positions")) {
      while (rs.next()) {
        xmins.put(new PositionKey(rs.getString(1), rs.getLong(2)), rs.getLong(3));
      }
    }
    return xmins;
  }

  /** History of one position in order: "old->new" per change ("null" for the first). */
  static List<String> history(String account, long conId) throws SQLException {
    List<String> history = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select old_quantity, new_quantity from position_history"
                    + " where account = ? and con_id = ? order by id")) {
      statement.setString(1, account);
      statement.setLong(2, conId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          history.add(plain(rs.getBigDecimal(1)) + "->" + plain(rs.getBigDecimal(2)));
        }
      }
    }
    return history;
  }

  static long count(String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String plain(BigDecimal value) {
    return value == null ? "null" : value.stripTrailingZeros().toPlainString();
  }
}
