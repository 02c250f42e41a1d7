package org.tradeplatform.position.sync.internal.shell;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionsAsOf;

/** The text of {@code position:list --at}: every position the table held then, read in pages. */
final class AsOfTable {
  /** Large pages: each page re-walks the positions before its offset. */
  static final int PAGE = 10_000;

  private AsOfTable() {}

  static String format(PositionRepository repository, Instant at, Optional<String> account) {
    TextTable table =
        new TextTable(
            "Account",
            "ConId",
            "Symbol",
            "Type",
            "Currency",
            "Quantity",
            "Avg cost",
            "Held since",
            "Trigger");
    int rows = 0;
    PositionsAsOf page;
    do {
      page = repository.positionsAsOf(at, account, rows, PAGE);
      for (HeldPosition held : page.positions()) {
        var position = held.position();
        table.row(
            position.account(),
            position.contract().conId(),
            position.contract().symbol(),
            position.contract().secType(),
            position.contract().currency(),
            position.quantity().toPlainString(),
            Optional.ofNullable(position.averageCost()).map(BigDecimal::toPlainString).orElse(null),
            held.heldSince().map(Instant::toString).orElse("before history"),
            held.trigger().map(Enum::name).orElse(null));
        rows++;
      }
    } while (page.more());
    return rows == 0 ? "No positions" + System.lineSeparator() : table.toString();
  }
}
