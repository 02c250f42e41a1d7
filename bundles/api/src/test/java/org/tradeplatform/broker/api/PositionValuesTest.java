package org.tradeplatform.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PositionValuesTest {

  private static final Contract AAPL = Contract.stock(265598, "AAPL", "USD");

  @Test
  void quantitiesCompareByValue() {
    Position a = new Position("DU1", AAPL, new BigDecimal("100"), new BigDecimal("150.250"));
    Position b = new Position("DU1", AAPL, new BigDecimal("100.0"), new BigDecimal("150.25"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.quantity().toPlainString()).isEqualTo("100");
  }

  @Test
  void fractionalQuantitiesKeepEveryDigit() {
    Position p = new Position("DU1", AAPL, new BigDecimal("123456789.123456"), null);
    assertThat(p.quantity()).isEqualByComparingTo("123456789.123456");
    assertThat(new Position("DU1", AAPL, new BigDecimal("0.0001"), null).quantity().toPlainString())
        .isEqualTo("0.0001");
  }

  @Test
  void zeroInAnyScaleIsFlat() {
    assertThat(new Position("DU1", AAPL, new BigDecimal("0.000"), null).isFlat()).isTrue();
    assertThat(new Position("DU1", AAPL, new BigDecimal("0.000"), null))
        .isEqualTo(new Position("DU1", AAPL, BigDecimal.ZERO, null));
  }

  @Test
  void invalidValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new Position(" ", AAPL, BigDecimal.ONE, null))
        .hasMessageContaining("account");
    assertThatThrownBy(() -> new Position("DU1", AAPL, null, null))
        .hasMessageContaining("quantity");
    assertThatThrownBy(() -> Contract.stock(0, "AAPL", "USD")).hasMessageContaining("conId");
    assertThatThrownBy(() -> Contract.stock(1, "", "USD")).hasMessageContaining("symbol");
  }

  @Test
  void snapshotExistsOnlyOnceCompleteAndKeepsEmptyAccountsInScope() {
    PositionSnapshot.Collector collector = PositionSnapshot.collect("gw1", Set.of("DU2", "DU1"));
    assertThat(collector.add(new Position("DU1", AAPL, BigDecimal.TEN, null))).isTrue();
    assertThat(collector.add(new Position("OTHER", AAPL, BigDecimal.TEN, null))).isFalse();
    Instant at = Instant.parse("2026-11-24T10:00:00Z");
    PositionSnapshot snapshot = collector.complete(at);

    assertThat(snapshot.accounts()).containsExactly("DU1", "DU2");
    assertThat(snapshot.positions()).hasSize(1);
    assertThat(snapshot.positions("DU2")).isEmpty();
    assertThat(snapshot.capturedAt()).isEqualTo(at);
    assertThatThrownBy(() -> collector.add(new Position("DU1", AAPL, BigDecimal.ONE, null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void laterRowOfTheSamePositionReplacesTheEarlierOne() {
    PositionSnapshot.Collector collector = PositionSnapshot.collect("gw1", Set.of("DU1"));
    collector.add(new Position("DU1", AAPL, BigDecimal.TEN, null));
    collector.add(new Position("DU1", AAPL, BigDecimal.ONE, null));
    assertThat(collector.complete(Instant.now()).positions())
        .singleElement()
        .extracting(Position::quantity)
        .isEqualTo(BigDecimal.ONE);
  }
}
