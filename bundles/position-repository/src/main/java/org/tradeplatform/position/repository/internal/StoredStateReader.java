package org.tradeplatform.position.repository.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Decimals;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;

/**
 * Reads the stored rows a write compares against, inside the write's transaction. Plain JDBC on the
 * MyBatis session's connection with columns read by index: this is the hot path of a reconcile
 * (every row of the scope, every time), where MyBatis' reflective row mapping cost more than the
 * query itself (see the README).
 */
final class StoredStateReader {

  private static final String COLUMNS =
      "account, con_id, symbol, sec_type, currency, exchange, local_symbol, trading_class,"
          + " expiry, strike, option_right, multiplier, quantity, average_cost, closed_at is not"
          + " null";

  private static final String BY_ACCOUNTS =
      "select " + COLUMNS + " from positions where account = any(?)";

  private static final String BY_KEYS =
      "select "
          + COLUMNS
          + " from positions p join unnest(?::text[], ?::bigint[]) as k(a, c)"
          + " on p.account = k.a and p.con_id = k.c";

  private static final int FETCH_SIZE = 10_000;

  private StoredStateReader() {}

  /**
   * Reads every row of the given accounts, open or closed. A stored open row equal by value to its
   * report in {@code pending} is confirmed: removed from {@code pending} and counted, not returned.
   */
  static StoredState byAccounts(
      Connection connection, String[] accounts, Map<PositionKey, Position> pending)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(BY_ACCOUNTS)) {
      statement.setArray(1, connection.createArrayOf("text", accounts));
      return read(statement, pending);
    }
  }

  /** Like {@link #byAccounts} for the rows of the pending keys only. */
  static StoredState byKeys(Connection connection, Map<PositionKey, Position> pending)
      throws SQLException {
    String[] accounts = new String[pending.size()];
    Long[] conIds = new Long[pending.size()];
    int i = 0;
    for (PositionKey key : pending.keySet()) {
      accounts[i] = key.account();
      conIds[i] = key.conId();
      i++;
    }
    try (PreparedStatement statement = connection.prepareStatement(BY_KEYS)) {
      statement.setArray(1, connection.createArrayOf("text", accounts));
      statement.setArray(2, connection.createArrayOf("bigint", conIds));
      return read(statement, pending);
    }
  }

  private static StoredState read(PreparedStatement statement, Map<PositionKey, Position> pending)
      throws SQLException {
    // a bounded fetch size streams a large book instead of buffering it whole
    statement.setFetchSize(FETCH_SIZE);
    Map<PositionKey, StoredRow> rows = new HashMap<>();
    int confirmed = 0;
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        PositionKey key = new PositionKey(rs.getString(1), rs.getLong(2));
        Position reported = pending.get(key);
        if (reported != null && storedAs(reported, rs)) {
          pending.remove(key);
          confirmed++;
          continue;
        }
        Contract contract =
            new Contract(
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getBigDecimal(10),
                rs.getString(11),
                rs.getString(12));
        Position position =
            new Position(rs.getString(1), contract, rs.getBigDecimal(13), rs.getBigDecimal(14));
        rows.put(key, new StoredRow(position, rs.getBoolean(15)));
      }
    }
    return new StoredState(rows, confirmed);
  }

  /** True when the current row is open and equals {@code reported} by value, field by field. */
  private static boolean storedAs(Position reported, ResultSet rs) throws SQLException {
    Contract contract = reported.contract();
    return !rs.getBoolean(15)
        && Decimals.sameValue(reported.quantity(), rs.getBigDecimal(13))
        && Decimals.sameValue(reported.averageCost(), rs.getBigDecimal(14))
        && Objects.equals(contract.symbol(), rs.getString(3))
        && Objects.equals(contract.secType(), rs.getString(4))
        && Objects.equals(contract.currency(), rs.getString(5))
        && Objects.equals(contract.exchange(), rs.getString(6))
        && Objects.equals(contract.localSymbol(), rs.getString(7))
        && Objects.equals(contract.tradingClass(), rs.getString(8))
        && Objects.equals(contract.expiry(), rs.getString(9))
        && Decimals.sameValue(contract.strike(), rs.getBigDecimal(10))
        && Objects.equals(contract.right(), rs.getString(11))
        && Objects.equals(contract.multiplier(), rs.getString(12));
  }
}
