package org.tradeplatform.broker.ibkr.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

class LedgerTest {
  private static final SimulatedContract AAPL = SimulatedContract.stock(265598, "AAPL", "USD");
  private static final SimulatedContract ES =
      new SimulatedContract(
          620731015, "ES", "FUT", "USD", null, "ESZ6", "ES", "20261218", null, null, "50");

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  @Test
  void buyingMoreAveragesTheCost() {
    Ledger ledger = new Ledger(List.of("DU1"));
    ledger.trade("DU1", AAPL, d("100"), d("150"));
    Holding h = ledger.trade("DU1", AAPL, d("100"), d("160"));
    assertThat(h.quantity()).isEqualByComparingTo("200");
    assertThat(h.averageCost()).isEqualByComparingTo("155");
    assertThat(h.realizedPnl()).isEqualByComparingTo("0");
  }

  @Test
  void sellingRealizesPnlAndKeepsTheAverage() {
    Ledger ledger = new Ledger(List.of("DU1"));
    ledger.trade("DU1", AAPL, d("100"), d("150"));
    Holding h = ledger.trade("DU1", AAPL, d("-40"), d("160"));
    assertThat(h.quantity()).isEqualByComparingTo("60");
    assertThat(h.averageCost()).isEqualByComparingTo("150");
    assertThat(h.realizedPnl()).isEqualByComparingTo("400");
  }

  @Test
  void crossingZeroOpensTheRestAtTheFillPriceAndShortsRealizeTheOtherWay() {
    Ledger ledger = new Ledger(List.of("DU1"));
    ledger.trade("DU1", AAPL, d("10"), d("100"));
    Holding flipped = ledger.trade("DU1", AAPL, d("-15"), d("110"));
    assertThat(flipped.quantity()).isEqualByComparingTo("-5");
    assertThat(flipped.averageCost()).isEqualByComparingTo("110");
    assertThat(flipped.realizedPnl()).isEqualByComparingTo("100");
    Holding covered = ledger.trade("DU1", AAPL, d("5"), d("100"));
    assertThat(covered.quantity()).isEqualByComparingTo("0");
    assertThat(covered.realizedPnl()).isEqualByComparingTo("150");
  }

  @Test
  void averageCostOfDerivativesIncludesTheMultiplier() {
    Ledger ledger = new Ledger(List.of("DU1"));
    Holding h = ledger.trade("DU1", ES, d("-2"), d("5500"));
    assertThat(h.averageCost()).isEqualByComparingTo("275000");
  }

  @Test
  void fractionalQuantitiesStayExact() {
    Ledger ledger = new Ledger(List.of("DU1"));
    ledger.trade("DU1", AAPL, d("123456789.123456"), d("1"));
    Holding h = ledger.trade("DU1", AAPL, d("0.0001"), d("1"));
    assertThat(h.quantity().toPlainString()).isEqualTo("123456789.123556");
  }

  @Test
  void flatRowsAreReplayedUntilARestartForgetsThem() {
    Ledger ledger = new Ledger(List.of("DU1", "DU2"));
    ledger.set(new SimulatedPosition("DU1", AAPL, d("5"), d("10")));
    ledger.set(new SimulatedPosition("DU1", AAPL, d("0"), d("0")));
    assertThat(ledger.rows("DU1")).hasSize(1);
    assertThat(ledger.open()).isEmpty();
    ledger.dropFlat();
    assertThat(ledger.rows()).isEmpty();
  }

  @Test
  void unknownAccountsAreRefused() {
    Ledger ledger = new Ledger(List.of("DU1"));
    assertThatThrownBy(() -> ledger.trade("DU9", AAPL, d("1"), d("1")))
        .hasMessageContaining("unknown account DU9");
  }
}
