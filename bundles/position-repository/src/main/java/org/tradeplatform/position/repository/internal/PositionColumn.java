package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Decimals;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.position.api.StoredPosition;

/**
 * The layout of a position row, defined once: every column of {@code positions_view} in its order,
 * with its SQL type, how to read it from a {@link ResultSet} and where its value comes from (a
 * reported {@link Position}, a {@link PositionPnl}, or the repository itself). Column lists, batch
 * arrays, reads and comparisons are all derived from it; docs/add-a-column.md lists what else a new
 * column needs.
 */
enum PositionColumn {
  ACCOUNT("account", SqlType.TEXT, true, Position::account),
  CON_ID("con_id", SqlType.BIGINT, true, p -> p.contract().conId()),
  SYMBOL("symbol", SqlType.TEXT, false, p -> p.contract().symbol()),
  SEC_TYPE("sec_type", SqlType.TEXT, false, p -> p.contract().secType()),
  CURRENCY("currency", SqlType.TEXT, false, p -> p.contract().currency()),
  EXCHANGE("exchange", SqlType.TEXT, false, p -> p.contract().exchange()),
  LOCAL_SYMBOL("local_symbol", SqlType.TEXT, false, p -> p.contract().localSymbol()),
  TRADING_CLASS("trading_class", SqlType.TEXT, false, p -> p.contract().tradingClass()),
  EXPIRY("expiry", SqlType.TEXT, false, p -> p.contract().expiry()),
  STRIKE("strike", SqlType.NUMERIC, false, p -> p.contract().strike()),
  OPTION_RIGHT("option_right", SqlType.TEXT, false, p -> p.contract().right()),
  MULTIPLIER("multiplier", SqlType.TEXT, false, p -> p.contract().multiplier()),
  QUANTITY("quantity", SqlType.NUMERIC, false, Position::quantity),
  AVERAGE_COST("average_cost", SqlType.NUMERIC, false, Position::averageCost),
  MARKET_PRICE("market_price", SqlType.NUMERIC, PositionPnl::marketPrice),
  MARKET_VALUE("market_value", SqlType.NUMERIC, PositionPnl::marketValue),
  UNREALIZED_PNL("unrealized_pnl", SqlType.NUMERIC, PositionPnl::unrealizedPnl),
  REALIZED_PNL("realized_pnl", SqlType.NUMERIC, PositionPnl::realizedPnl),
  CLOSED_AT("closed_at", SqlType.TIMESTAMPTZ),
  UPDATED_AT("updated_at", SqlType.TIMESTAMPTZ),
  LAST_SYNCED_AT("last_synced_at", SqlType.TIMESTAMPTZ);

  /** Where a column's value comes from. */
  enum Source {
    /** A field of the broker's {@link Position}: written by position writes, compared by value. */
    REPORTED,
    /** A PnL value: written only by {@code applyPnl}. */
    PNL,
    /** Kept by the repository (database clock). */
    RECORDED
  }

  /** The columns a {@link Position} carries, in order. */
  static final List<PositionColumn> REPORTED = of(Source.REPORTED);

  /** The PnL columns, in order. */
  static final List<PositionColumn> PNL = of(Source.PNL);

  /** Every column of {@code positions_view}, in order. */
  static final List<PositionColumn> ALL = List.of(values());

  private final String sql;
  private final SqlType type;
  private final Source source;
  private final boolean key;
  private final Function<Position, Object> fromPosition;
  private final Function<PositionPnl, Object> fromPnl;

  PositionColumn(String sql, SqlType type, boolean key, Function<Position, Object> fromPosition) {
    this(sql, type, Source.REPORTED, key, fromPosition, null);
  }

  PositionColumn(String sql, SqlType type, Function<PositionPnl, Object> fromPnl) {
    this(sql, type, Source.PNL, false, null, fromPnl);
  }

  PositionColumn(String sql, SqlType type) {
    this(sql, type, Source.RECORDED, false, null, null);
  }

  PositionColumn(
      String sql,
      SqlType type,
      Source source,
      boolean key,
      Function<Position, Object> fromPosition,
      Function<PositionPnl, Object> fromPnl) {
    this.sql = sql;
    this.type = type;
    this.source = source;
    this.key = key;
    this.fromPosition = fromPosition;
    this.fromPnl = fromPnl;
  }

  String sql() {
    return sql;
  }

  SqlType type() {
    return type;
  }

  /** Part of the primary key {@code (account, con_id)}: matched on, never rewritten. */
  boolean key() {
    return key;
  }

  /** This column's value in a reported position. */
  Object of(Position position) {
    if (fromPosition == null) {
      throw new IllegalStateException(name() + " is not a reported column");
    }
    return fromPosition.apply(position);
  }

  /** This column's value in a PnL report. */
  Object of(PositionPnl pnl) {
    if (fromPnl == null) {
      throw new IllegalStateException(name() + " is not a PnL column");
    }
    return fromPnl.apply(pnl);
  }

  /** Reads this column at {@code index} of the current row. */
  Object read(ResultSet rs, int index) throws SQLException {
    return type.read(rs, index);
  }

  /** Equal by value: {@code 100} equals {@code 100.0}. */
  boolean sameValue(Object a, Object b) {
    return type == SqlType.NUMERIC
        ? Decimals.sameValue((BigDecimal) a, (BigDecimal) b)
        : Objects.equals(a, b);
  }

  /** {@code "account, con_id, …"}, each name prefixed with {@code alias} (may be empty). */
  static String names(List<PositionColumn> columns, String alias) {
    return columns.stream().map(c -> alias + c.sql).collect(Collectors.joining(", "));
  }

  /**
   * Builds a position from values indexed by {@link #ordinal()} (the only place that knows the
   * order of the broker API's constructors).
   */
  static Position position(Object[] byOrdinal) {
    Contract contract =
        new Contract(
            (Long) byOrdinal[CON_ID.ordinal()],
            (String) byOrdinal[SYMBOL.ordinal()],
            (String) byOrdinal[SEC_TYPE.ordinal()],
            (String) byOrdinal[CURRENCY.ordinal()],
            (String) byOrdinal[EXCHANGE.ordinal()],
            (String) byOrdinal[LOCAL_SYMBOL.ordinal()],
            (String) byOrdinal[TRADING_CLASS.ordinal()],
            (String) byOrdinal[EXPIRY.ordinal()],
            (BigDecimal) byOrdinal[STRIKE.ordinal()],
            (String) byOrdinal[OPTION_RIGHT.ordinal()],
            (String) byOrdinal[MULTIPLIER.ordinal()]);
    return new Position(
        (String) byOrdinal[ACCOUNT.ordinal()],
        contract,
        (BigDecimal) byOrdinal[QUANTITY.ordinal()],
        (BigDecimal) byOrdinal[AVERAGE_COST.ordinal()]);
  }

  /** Reads a whole row selected as {@code select <ALL> …}. */
  static StoredPosition storedPosition(ResultSet rs) throws SQLException {
    Object[] values = new Object[ALL.size()];
    for (PositionColumn column : ALL) {
      values[column.ordinal()] = column.read(rs, column.ordinal() + 1);
    }
    return new StoredPosition(
        position(values),
        (BigDecimal) values[MARKET_PRICE.ordinal()],
        (BigDecimal) values[MARKET_VALUE.ordinal()],
        (BigDecimal) values[UNREALIZED_PNL.ordinal()],
        (BigDecimal) values[REALIZED_PNL.ordinal()],
        (Instant) values[CLOSED_AT.ordinal()],
        (Instant) values[UPDATED_AT.ordinal()],
        (Instant) values[LAST_SYNCED_AT.ordinal()]);
  }

  private static List<PositionColumn> of(Source source) {
    return Arrays.stream(values()).filter(c -> c.source == source).toList();
  }

  /** The SQL types a position row uses, with their Java value and array types. */
  enum SqlType {
    TEXT("text", String.class) {
      @Override
      Object read(ResultSet rs, int index) throws SQLException {
        return rs.getString(index);
      }
    },
    BIGINT("bigint", Long.class) {
      @Override
      Object read(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
      }
    },
    NUMERIC("numeric", BigDecimal.class) {
      @Override
      Object read(ResultSet rs, int index) throws SQLException {
        return rs.getBigDecimal(index);
      }
    },
    TIMESTAMPTZ("timestamptz", Instant.class) {
      @Override
      Object read(ResultSet rs, int index) throws SQLException {
        OffsetDateTime time = rs.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
      }
    };

    private final String sql;
    private final Class<?> javaType;

    SqlType(String sql, Class<?> javaType) {
      this.sql = sql;
      this.javaType = javaType;
    }

    /**
     * An empty array of this type's Java class: the driver sends a {@code String[]} or {@code
     * Long[]} in binary, where an {@code Object[]} would go as text for the server to parse.
     */
    Object[] newArray(int size) {
      return (Object[]) java.lang.reflect.Array.newInstance(javaType, size);
    }

    /** The type's name in SQL, e.g. for {@code ?::numeric[]}. */
    String sql() {
      return sql;
    }

    abstract Object read(ResultSet rs, int index) throws SQLException;
  }
}
