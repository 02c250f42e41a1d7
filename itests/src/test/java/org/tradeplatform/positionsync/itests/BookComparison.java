package org.tradeplatform.positionsync.itests;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.position.api.StoredPosition;

/** Compares the stored table with the simulator's book: account, conId, quantity by value. */
final class BookComparison {
  private BookComparison() {}

  /** Open positions as "account/conId" → quantity (plain string), from the simulator. */
  static Map<String, String> truth(List<SimulatedPosition> book) {
    Map<String, String> rows = new TreeMap<>();
    for (SimulatedPosition p : book) {
      if (!p.isFlat()) {
        rows.put(p.account() + "/" + p.contract().conId(), plain(p.quantity()));
      }
    }
    return rows;
  }

  /** Open positions as "account/conId" → quantity (plain string), from the table. */
  static Map<String, String> table(List<StoredPosition> stored) {
    Map<String, String> rows = new TreeMap<>();
    for (StoredPosition s : stored) {
      if (!s.isClosed() && s.position().quantity().signum() != 0) {
        rows.put(
            s.position().account() + "/" + s.position().contract().conId(),
            plain(s.position().quantity()));
      }
    }
    return rows;
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
