package org.tradeplatform.position.repository.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements sent to PostgreSQL in one round trip: the driver writes them together and waits once
 * for all answers. Each is still a statement of its own with its own snapshot under READ COMMITTED,
 * so a lock taken by one is held before the next one reads. Not thread-safe: build, run, drop.
 */
final class Pipeline {

  /** What to do with the rows of one statement. */
  @FunctionalInterface
  interface Rows {
    void read(ResultSet rs) throws SQLException;
  }

  /** A typed array parameter, bound as a PostgreSQL array. */
  record SqlArray(String type, Object[] values) {}

  private record Step(String sql, Object[] parameters, Rows rows) {}

  private static final Rows IGNORE = rs -> {};

  private final List<Step> steps = new ArrayList<>();
  private int fetchSize;

  /** Adds a statement whose result is not needed. */
  Pipeline add(String sql, Object... parameters) {
    return add(sql, IGNORE, parameters);
  }

  /** Adds a statement whose rows {@code rows} reads. */
  Pipeline add(String sql, Rows rows, Object... parameters) {
    steps.add(new Step(sql, parameters, rows));
    return this;
  }

  /** Statements added so far. */
  int size() {
    return steps.size();
  }

  /**
   * Streams the rows of a single statement {@code size} at a time instead of buffering them (the
   * driver can only do that for one statement alone).
   */
  Pipeline fetchSize(int size) {
    this.fetchSize = size;
    return this;
  }

  /**
   * Sends every statement at once and hands each result to its reader, in order; returns the update
   * count of each statement (-1 for one that returned rows).
   */
  int[] run(Connection connection) throws SQLException {
    if (fetchSize > 0 && steps.size() != 1) {
      throw new IllegalStateException("a fetch size needs a pipeline of one statement");
    }
    StringBuilder sql = new StringBuilder();
    for (Step step : steps) {
      sql.append(sql.isEmpty() ? "" : ";\n").append(step.sql);
    }
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int index = 1;
      for (Step step : steps) {
        for (Object parameter : step.parameters) {
          statement.setObject(index++, bindable(connection, parameter));
        }
      }
      statement.setFetchSize(fetchSize);
      int[] counts = new int[steps.size()];
      boolean rows = statement.execute();
      for (int i = 0; i < counts.length; i++) {
        if (rows) {
          counts[i] = -1;
          try (ResultSet rs = statement.getResultSet()) {
            steps.get(i).rows.read(rs);
          }
        } else {
          counts[i] = statement.getUpdateCount();
        }
        rows = statement.getMoreResults();
      }
      return counts;
    }
  }

  private static Object bindable(Connection connection, Object parameter) throws SQLException {
    return parameter instanceof SqlArray array
        ? connection.createArrayOf(array.type(), array.values())
        : parameter;
  }
}
