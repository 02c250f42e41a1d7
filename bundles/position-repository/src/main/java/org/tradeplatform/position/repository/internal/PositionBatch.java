package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.position.repository.internal.Pipeline.SqlArray;

/**
 * The parameters of one batch statement: one array per column, in {@link PositionColumn} order,
 * bound to a statement that expands the rows with {@code unnest}: one statement per batch, never
 * one per row.
 */
final class PositionBatch {

  private PositionBatch() {}

  /** New rows for {@link PositionSql#INSERT_POSITIONS}, then the run id and the trigger. */
  static Object[] inserts(List<Position> positions, long runId, SyncTrigger trigger) {
    List<Object> parameters = columns(positions, p -> p);
    parameters.add(runId);
    parameters.add(trigger.name());
    return parameters.toArray();
  }

  /**
   * Rewrites of existing rows for {@link PositionSql#REWRITE_POSITIONS}, then the run id and the
   * trigger.
   */
  static Object[] rewrites(List<RowWrite> writes, long runId, SyncTrigger trigger) {
    List<Object> parameters = columns(writes, RowWrite::position);
    parameters.add(
        new SqlArray(
            "numeric", writes.stream().map(RowWrite::oldQuantity).toArray(BigDecimal[]::new)));
    parameters.add(
        new SqlArray("boolean", writes.stream().map(RowWrite::closed).toArray(Boolean[]::new)));
    parameters.add(runId);
    parameters.add(trigger.name());
    return parameters.toArray();
  }

  /** PnL values for {@link PositionSql#UPDATE_PNL}. */
  static Object[] pnl(List<PositionPnl> rows) {
    List<Object> parameters = new ArrayList<>();
    parameters.add(
        new SqlArray("text", rows.stream().map(PositionPnl::account).toArray(String[]::new)));
    parameters.add(
        new SqlArray("bigint", rows.stream().map(PositionPnl::conId).toArray(Long[]::new)));
    for (PositionColumn column : PositionColumn.PNL) {
      Object[] values = column.type().newArray(rows.size());
      for (int i = 0; i < values.length; i++) {
        values[i] = column.of(rows.get(i));
      }
      parameters.add(new SqlArray(column.type().sql(), values));
    }
    return parameters.toArray();
  }

  private static <T> List<Object> columns(List<T> rows, Function<T, Position> position) {
    List<Object> parameters = new ArrayList<>();
    for (PositionColumn column : PositionColumn.REPORTED) {
      Object[] values = column.type().newArray(rows.size());
      for (int i = 0; i < values.length; i++) {
        values[i] = column.of(position.apply(rows.get(i)));
      }
      parameters.add(new SqlArray(column.type().sql(), values));
    }
    return parameters;
  }
}
