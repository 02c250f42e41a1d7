package org.tradeplatform.position.repository.internal;

import static org.tradeplatform.position.repository.internal.PositionColumn.REPORTED;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.repository.internal.Pipeline.SqlArray;

/**
 * Reads the stored rows a write compares against ({@link PositionSql#COMPARED}), inside the write's
 * transaction: plain JDBC, because this is the hot path of a reconcile (every row of the scope,
 * every time), where MyBatis' reflective row mapping cost more than the query itself (see the
 * README). One instance per read, on one thread.
 */
final class StoredStateReader implements Pipeline.Rows {

  /** Where {@code closed_at is not null} stands in the select list: after the reported columns. */
  private static final int CLOSED = PositionSql.COMPARED.size();

  private static final int ACCOUNT = index(PositionColumn.ACCOUNT);
  private static final int CON_ID = index(PositionColumn.CON_ID);

  private final Map<PositionKey, Position> pending;
  private final Map<PositionKey, StoredRow> rows = new HashMap<>();
  private int confirmed;

  /**
   * A stored open row equal by value to its report in {@code pending} is confirmed: removed from
   * {@code pending} and counted, never materialised.
   */
  StoredStateReader(Map<PositionKey, Position> pending) {
    this.pending = pending;
  }

  /** The parameters of {@link PositionSql#STORED_BY_KEYS} for these keys. */
  static Object[] keys(Collection<PositionKey> keys) {
    return new Object[] {
      new SqlArray("text", keys.stream().map(PositionKey::account).toArray(String[]::new)),
      new SqlArray("bigint", keys.stream().map(PositionKey::conId).toArray(Long[]::new))
    };
  }

  @Override
  public void read(ResultSet rs) throws SQLException {
    while (rs.next()) {
      PositionKey key = new PositionKey(rs.getString(ACCOUNT), rs.getLong(CON_ID));
      boolean closed = rs.getBoolean(CLOSED);
      Position reported = pending.get(key);
      if (reported != null && !closed && storedAs(reported, rs)) {
        pending.remove(key);
        confirmed++;
        continue;
      }
      Object[] values = new Object[PositionColumn.ALL.size()];
      int index = 1;
      for (PositionColumn column : REPORTED) {
        values[column.ordinal()] = column.read(rs, index++);
      }
      rows.put(key, new StoredRow(PositionColumn.position(values), closed));
    }
  }

  StoredState state() {
    return new StoredState(rows, confirmed);
  }

  /** True when the current row equals {@code reported} by value, column by column. */
  private static boolean storedAs(Position reported, ResultSet rs) throws SQLException {
    int index = 1;
    for (PositionColumn column : REPORTED) {
      if (!column.sameValue(column.of(reported), column.read(rs, index++))) {
        return false;
      }
    }
    return true;
  }

  private static int index(PositionColumn reported) {
    return REPORTED.indexOf(reported) + 1;
  }
}
