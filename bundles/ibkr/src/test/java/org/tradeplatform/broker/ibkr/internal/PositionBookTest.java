package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;

class PositionBookTest {
  private static final Contract AAPL = Contract.stock(265598, "AAPL", "USD");
  private static final Contract MSFT = Contract.stock(272093, "MSFT", "USD");

  private static Position row(String account, Contract c, String qty, String avg) {
    return new Position(account, c, new BigDecimal(qty), new BigDecimal(avg));
  }

  @Test
  void aNewRowIsAChangeAndTheSameRowAgainIsNot() {
    PositionBook book = new PositionBook();
    assertThat(book.apply(row("DU1", AAPL, "100", "150.25"))).isPresent();
    assertThat(book.apply(row("DU1", AAPL, "100", "150.25"))).isEmpty();
  }

  @Test
  void decimalsCompareByValue() {
    PositionBook book = new PositionBook();
    book.apply(row("DU1", AAPL, "100", "150.25"));
    assertThat(book.apply(row("DU1", AAPL, "100.000", "150.2500"))).isEmpty();
    assertThat(book.apply(row("DU1", AAPL, "100.0001", "150.25"))).isPresent();
  }

  @Test
  void averageCostOrContractFieldsAreChangesToo() {
    PositionBook book = new PositionBook();
    book.apply(row("DU1", AAPL, "100", "150.25"));
    assertThat(book.apply(row("DU1", AAPL, "100", "151"))).isPresent();
    Contract renamed =
        new Contract(265598, "AAPL", "STK", "USD", "ISLAND", "AAPL", "NMS", null, null, null, null);
    assertThat(
            book.apply(new Position("DU1", renamed, new BigDecimal("100"), new BigDecimal("151"))))
        .isPresent();
  }

  @Test
  void aFlatRowClosesAHeldPositionAndIsNoChangeOtherwise() {
    PositionBook book = new PositionBook();
    assertThat(book.apply(row("DU1", AAPL, "0", "0"))).isEmpty();
    book.apply(row("DU1", AAPL, "5", "10"));
    assertThat(book.apply(row("DU1", AAPL, "0", "0")))
        .hasValueSatisfying(p -> assertThat(p.isFlat()).isTrue());
    assertThat(book.size()).isZero();
  }

  @Test
  void aCompleteSnapshotReplacesTheRowsOfItsAccountsOnly() {
    PositionBook book = new PositionBook();
    book.apply(row("DU1", AAPL, "100", "1"));
    book.apply(row("DU1", MSFT, "7", "1"));
    book.apply(row("DU2", MSFT, "3", "1"));
    PositionSnapshot.Collector c = PositionSnapshot.collect("gw", Set.of("DU1"));
    c.add(row("DU1", AAPL, "120", "1"));
    book.replace(c.complete(Instant.EPOCH));
    assertThat(book.positions())
        .containsExactlyInAnyOrder(row("DU1", AAPL, "120", "1"), row("DU2", MSFT, "3", "1"));
    assertThat(book.apply(row("DU1", AAPL, "120", "1"))).isEmpty();
  }
}
