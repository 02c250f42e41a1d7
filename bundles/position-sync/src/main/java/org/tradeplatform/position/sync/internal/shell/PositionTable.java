package org.tradeplatform.position.sync.internal.shell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import org.tradeplatform.position.api.StoredPosition;

/**
 * The text of {@code position:list}. Quantities are printed as stored, never rounded; money in the
 * currency's minor units and average cost to at most six decimals (both HALF_EVEN), unless {@code
 * exact} asks for every stored value as it is. The stored values themselves stay exact.
 */
final class PositionTable {
  private PositionTable() {}

  /** Decimals of an average cost, at most. */
  static final int AVERAGE_COST_DECIMALS = 6;

  /** Minor units of a currency the JDK does not know (or a contract without one). */
  private static final int DEFAULT_MINOR_UNITS = 2;

  static String format(List<StoredPosition> positions, boolean exact) {
    if (positions.isEmpty()) {
      return "No positions" + System.lineSeparator();
    }
    TextTable table =
        new TextTable(
            "Account",
            "ConId",
            "Symbol",
            "Type",
            "Currency",
            "Quantity",
            "Avg cost",
            "Market value",
            "Unrealized PnL",
            "Closed at",
            "Last synced");
    for (StoredPosition stored : positions) {
      var position = stored.position();
      int minorUnits = minorUnits(position.contract().currency());
      table.row(
          position.account(),
          position.contract().conId(),
          position.contract().symbol(),
          position.contract().secType(),
          position.contract().currency(),
          plain(position.quantity()),
          exact ? plain(position.averageCost()) : averageCost(position.averageCost()),
          exact ? plain(stored.marketValue()) : money(stored.marketValue(), minorUnits),
          exact ? plain(stored.unrealizedPnl()) : money(stored.unrealizedPnl(), minorUnits),
          stored.closedAt(),
          stored.lastSyncedAt());
    }
    return table.toString();
  }

  private static String plain(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  private static String money(BigDecimal value, int minorUnits) {
    return value == null
        ? null
        : value.setScale(minorUnits, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String averageCost(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal rounded =
        value.scale() > AVERAGE_COST_DECIMALS
            ? value.setScale(AVERAGE_COST_DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros()
            : value;
    return rounded.toPlainString();
  }

  /** The currency's minor units (2 for USD, 0 for JPY), 2 when unknown. */
  static int minorUnits(String currency) {
    if (currency == null) {
      return DEFAULT_MINOR_UNITS;
    }
    try {
      int digits = Currency.getInstance(currency).getDefaultFractionDigits();
      return digits < 0 ? DEFAULT_MINOR_UNITS : digits;
    } catch (IllegalArgumentException e) {
      return DEFAULT_MINOR_UNITS;
    }
  }
}
