package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.position.api.StoredPosition;

class PositionTableTest {

  @Test
  void exactPrintsDecimalsAsStoredAndUnknownValuesAsDash() {
    Position position =
        new Position(
            "DU'111 ü",
            Contract.stock(265598, "AAPL", "USD"),
            new BigDecimal("1234567.000125"),
            null);
    StoredPosition stored =
        new StoredPosition(
            position,
            null,
            new BigDecimal("1E+3"),
            null,
            null,
            null,
            Instant.parse("2026-11-24T09:00:00Z"),
            Instant.parse("2026-11-24T09:00:05Z"));

    String text = PositionTable.format(List.of(stored), true);

    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("Account").contains("Quantity", "Avg cost");
    assertThat(lines.get(1).split("\\s*\\|\\s*"))
        .containsExactly(
            "DU'111 ü",
            "265598",
            "AAPL",
            "STK",
            "USD",
            "1234567.000125",
            "-",
            "1000",
            "-",
            "-",
            "2026-11-24T09:00:05Z");
  }

  @Test
  void quantitiesAreNeverRoundedMoneyHasMinorUnitsAndAverageCostSixDecimals() {
    StoredPosition usd =
        stored(
            "DU1",
            Contract.stock(1, "AAPL", "USD"),
            "1234567.000125",
            "159.8540996784566",
            "8190.464999999997",
            "-12.345");
    StoredPosition jpy =
        stored("DU1", Contract.stock(2, "7203", "JPY"), "0.5", "2512.5", "1234.5", "2.5");

    List<String[]> rows =
        PositionTable.format(List.of(usd, jpy), false)
            .lines()
            .skip(1)
            .map(l -> l.split("\\s*\\|\\s*"))
            .toList();

    // quantity, average cost, market value, unrealized PnL
    assertThat(rows.get(0)).containsSubsequence("1234567.000125", "159.8541", "8190.46", "-12.34");
    assertThat(rows.get(1)).containsSubsequence("0.5", "2512.5", "1234", "2");
    assertThat(PositionTable.format(List.of(usd), true))
        .contains("159.8540996784566", "8190.464999999997", "-12.345");
  }

  private static StoredPosition stored(
      String account,
      Contract contract,
      String quantity,
      String averageCost,
      String marketValue,
      String unrealizedPnl) {
    return new StoredPosition(
        new Position(account, contract, new BigDecimal(quantity), new BigDecimal(averageCost)),
        null,
        new BigDecimal(marketValue),
        new BigDecimal(unrealizedPnl),
        null,
        null,
        Instant.parse("2026-11-24T09:00:00Z"),
        Instant.parse("2026-11-24T09:00:05Z"));
  }

  @Test
  void columnsAreAligned() {
    Position a = new Position("A", Contract.stock(1, "X", "USD"), BigDecimal.ONE, BigDecimal.ONE);
    Position b =
        new Position("LONGACCOUNT", Contract.stock(2, "Y", "USD"), BigDecimal.TEN, BigDecimal.ONE);
    String text =
        PositionTable.format(
            List.of(
                new StoredPosition(a, null, null, null, null, null, null, null),
                new StoredPosition(b, null, null, null, null, null, null, null)),
            false);

    List<Integer> firstSeparator = text.lines().map(l -> l.indexOf('|')).distinct().toList();
    assertThat(firstSeparator).containsExactly("LONGACCOUNT ".length());
  }
}
