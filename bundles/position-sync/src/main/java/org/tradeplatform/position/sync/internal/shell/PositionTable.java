package org.tradeplatform.position.sync.internal.shell;

import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.position.api.StoredPosition;

/** The text of {@code position:list}. Decimals are printed as stored, never rounded. */
final class PositionTable {
  private PositionTable() {}

  static String format(List<StoredPosition> positions) {
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
      table.row(
          position.account(),
          position.contract().conId(),
          position.contract().symbol(),
          position.contract().secType(),
          position.contract().currency(),
          plain(position.quantity()),
          plain(position.averageCost()),
          plain(stored.marketValue()),
          plain(stored.unrealizedPnl()),
          stored.closedAt(),
          stored.lastSyncedAt());
    }
    return table.toString();
  }

  private static String plain(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }
}
