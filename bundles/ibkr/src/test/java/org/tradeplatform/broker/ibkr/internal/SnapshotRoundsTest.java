package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;

class SnapshotRoundsTest {
  private static final Contract AAPL = Contract.stock(265598, "AAPL", "USD");

  private static Position row(String account, String qty) {
    return new Position(account, AAPL, new BigDecimal(qty), BigDecimal.ONE);
  }

  @Test
  void aSecondCallerJoinsTheRoundInFlightAndBothGetTheSameCompleteAnswer() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> first = new CompletableFuture<>();
    CompletableFuture<PositionSnapshot> second = new CompletableFuture<>();
    assertThat(
            rounds.join(
                Optional.of(first), "gw", Set.of("DU1", "DU2"), Optional.empty(), Long.MAX_VALUE))
        .isPresent();
    rounds.expectEnd();
    assertThat(
            rounds.join(
                Optional.of(second), "gw", Set.of("DU1", "DU2"), Optional.empty(), Long.MAX_VALUE))
        .isEmpty();
    rounds.row(row("DU1", "5"));
    assertThat(first).isNotDone();
    rounds.end(Instant.EPOCH).orElseThrow().deliver();
    assertThat(first.join()).isSameAs(second.join());
    assertThat(first.join().accounts()).containsExactly("DU1", "DU2");
    assertThat(first.join().positions()).containsExactly(row("DU1", "5"));
  }

  @Test
  void flatRowsAndRowsOutsideTheScopeAreNotInTheAnswer() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(Optional.of(answer), "gw", Set.of("DU1"), Optional.empty(), Long.MAX_VALUE);
    rounds.row(row("DU1", "5"));
    rounds.row(row("DU1", "0"));
    rounds.row(row("DU9", "5"));
    rounds.end(Instant.EPOCH).orElseThrow().deliver();
    assertThat(answer.join().positions()).isEmpty();
    assertThat(answer.join().accounts()).containsExactly("DU1");
  }

  @Test
  void perAccountRoundCompletesOnlyWhenEveryAccountEnded() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(
        Optional.of(answer),
        "gw",
        Set.of("DU1", "DU2"),
        Optional.of(Map.of(1, "DU1", 2, "DU2")),
        Long.MAX_VALUE);
    assertThat(rounds.multiRow(1, row("DU1", "3"))).isTrue();
    assertThat(rounds.multiRow(7, row("DU1", "4"))).isFalse();
    assertThat(rounds.end(Instant.EPOCH)).isEmpty();
    assertThat(rounds.multiEnd(1, Instant.EPOCH)).isEmpty();
    rounds.multiEnd(2, Instant.EPOCH).orElseThrow().deliver();
    assertThat(answer.join().positions()).containsExactly(row("DU1", "3"));
  }

  @Test
  void aRefusedPerAccountRequestEndsTheRoundWithoutAnAnswer() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(
        Optional.of(answer),
        "gw",
        Set.of("DU1", "DU2"),
        Optional.of(Map.of(1, "DU1", 2, "DU2")),
        Long.MAX_VALUE);
    assertThat(rounds.refuse(9)).isEmpty();
    assertThat(rounds.refuse(2)).containsExactly(answer);
    assertThat(rounds.multiEnd(1, Instant.EPOCH)).isEmpty();
    assertThat(rounds.inFlight()).isFalse();
  }

  @Test
  void anOlderRequestsEndMarkerDoesNotCompleteARoundThatReplacedIt() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(Optional.of(answer), "gw", Set.of("DU1"), Optional.empty(), Long.MAX_VALUE);
    rounds.expectEnd(); // first request written
    rounds.restart("gw", Set.of("DU1"), Optional.empty(), Long.MAX_VALUE);
    rounds.expectEnd(); // the replacing request written
    rounds.row(row("DU1", "5")); // tail of the first replay, or start of the second

    assertThat(rounds.end(Instant.EPOCH)).isEmpty(); // the first request's marker
    rounds.row(row("DU1", "7"));
    rounds.end(Instant.EPOCH).orElseThrow().deliver();

    assertThat(answer.join().positions()).containsExactly(row("DU1", "7"));
  }

  @Test
  void abandonedRoundsHandBackTheirWaitersAndRefuseNewOnes() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(Optional.of(answer), "gw", Set.of("DU1"), Optional.empty(), Long.MAX_VALUE);
    rounds.row(row("DU1", "5"));
    assertThat(rounds.abandon()).containsExactly(answer);
    assertThat(rounds.end(Instant.EPOCH)).isEmpty();
    assertThatThrownBy(
            () ->
                rounds.join(
                    Optional.of(new CompletableFuture<>()),
                    "gw",
                    Set.of("DU1"),
                    Optional.empty(),
                    0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anExpiredRoundIsDroppedAndItsWaitersReturned() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(Optional.of(answer), "gw", Set.of("DU1"), Optional.empty(), 1000);
    assertThat(rounds.expire(999)).isEmpty();
    assertThat(rounds.expire(1000)).hasValueSatisfying(w -> assertThat(w).containsExactly(answer));
    assertThat(rounds.inFlight()).isFalse();
  }

  @Test
  void aRestartedRoundKeepsItsWaitersButNotItsRows() {
    SnapshotRounds rounds = new SnapshotRounds();
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    rounds.join(Optional.of(answer), "gw", Set.of("DU1"), Optional.empty(), Long.MAX_VALUE);
    rounds.row(row("DU1", "5"));
    rounds.restart("gw", Set.of("DU1"), Optional.empty(), Long.MAX_VALUE);
    rounds.end(Instant.EPOCH).orElseThrow().deliver();
    assertThat(answer.join().positions()).isEmpty();
  }
}
