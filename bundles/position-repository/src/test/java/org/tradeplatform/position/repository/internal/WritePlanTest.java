package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionChange.Kind;

/** The decision rules alone, without a database. */
class WritePlanTest {

  @Test
  void decidesEveryKindAndReportsChangesInKeyOrder() {
    Map<PositionKey, StoredRow> rows = new HashMap<>();
    put(rows, open("B", 1, "10"));
    put(rows, open("A", 2, "5"));
    put(rows, new StoredRow(position("A", 3, "0"), true));
    put(rows, open("A", 4, "7"));
    put(rows, new StoredRow(position("A", 5, "0"), true));

    Map<PositionKey, Position> pending =
        WritePlan.lastPerKey(
            List.of(
                position("B", 1, "10.000"),
                position("A", 2, "6"),
                position("A", 3, "1"),
                position("A", 1, "9"),
                position("A", 9, "0")));

    WritePlan plan = WritePlan.forSnapshot(new StoredState(rows, 4), pending);

    assertThat(plan.changes())
        .extracting(c -> c.position().key(), PositionChange::kind)
        .containsExactly(
            tuple(new PositionKey("A", 1), Kind.INSERTED),
            tuple(new PositionKey("A", 2), Kind.UPDATED),
            tuple(new PositionKey("A", 3), Kind.REOPENED),
            tuple(new PositionKey("A", 4), Kind.CLOSED));
    // 4 confirmed while reading plus B/1, equal by value
    assertThat(plan.unchanged()).isEqualTo(5);
    assertThat(plan.inserted()).isEqualTo(1);
    assertThat(plan.updated()).isEqualTo(2);
    assertThat(plan.closed()).isEqualTo(1);
    assertThat(plan.inserts()).extracting(Position::key).containsExactly(new PositionKey("A", 1));
    assertThat(plan.updates())
        .extracting(w -> w.position().key(), RowWrite::closed)
        .containsExactly(
            tuple(new PositionKey("A", 2), false),
            tuple(new PositionKey("A", 3), false),
            tuple(new PositionKey("A", 4), true));
  }

  @Test
  void streamedChangesNeverCloseWhatWasNotReported() {
    Map<PositionKey, StoredRow> rows = new HashMap<>();
    put(rows, open("A", 1, "10"));

    WritePlan plan =
        WritePlan.forChanges(
            new StoredState(rows, 0), WritePlan.lastPerKey(List.of(position("A", 2, "1"))));

    assertThat(plan.changes()).extracting(PositionChange::kind).containsExactly(Kind.INSERTED);
    assertThat(plan.closed()).isZero();
  }

  @Test
  void closingKeepsTheStoredContractAndRecordsTheOldQuantity() {
    Map<PositionKey, StoredRow> rows = new HashMap<>();
    put(rows, open("A", 1, "-2.5"));

    WritePlan plan = WritePlan.forSnapshot(new StoredState(rows, 0), new HashMap<>());

    PositionChange change = plan.changes().get(0);
    assertThat(change.kind()).isEqualTo(Kind.CLOSED);
    assertThat(change.oldQuantity()).isEqualByComparingTo("-2.5");
    assertThat(change.newQuantity()).isEqualByComparingTo("0");
    assertThat(change.position().contract().symbol()).isEqualTo("S1");
  }

  private static StoredRow open(String account, long conId, String quantity) {
    return new StoredRow(position(account, conId, quantity), false);
  }

  private static void put(Map<PositionKey, StoredRow> rows, StoredRow row) {
    rows.put(row.position().key(), row);
  }

  private static Position position(String account, long conId, String quantity) {
    return new Position(
        account, Contract.stock(conId, "S" + conId, "USD"), new BigDecimal(quantity), null);
  }
}
