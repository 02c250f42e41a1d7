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
  void printsDecimalsAsStoredAndUnknownValuesAsDash() {
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

    String text = PositionTable.format(List.of(stored));

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
  void columnsAreAligned() {
    Position a = new Position("A", Contract.stock(1, "X", "USD"), BigDecimal.ONE, BigDecimal.ONE);
    Position b =
        new Position("LONGACCOUNT", Contract.stock(2, "Y", "USD"), BigDecimal.TEN, BigDecimal.ONE);
    String text =
        PositionTable.format(
            List.of(
                new StoredPosition(a, null, null, null, null, null, null, null),
                new StoredPosition(b, null, null, null, null, null, null, null)));

    List<Integer> firstSeparator = text.lines().map(l -> l.indexOf('|')).distinct().toList();
    assertThat(firstSeparator).containsExactly("LONGACCOUNT ".length());
  }
}
