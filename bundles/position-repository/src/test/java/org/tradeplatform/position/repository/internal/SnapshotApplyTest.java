package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionChange.Kind;
import org.tradeplatform.position.api.StaleSnapshotException;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

class SnapshotApplyTest extends RepositoryTestSupport {

  @Test
  void firstSnapshotInsertsEveryPositionWithHistoryAndRecordsTheRun() throws Exception {
    SyncResult result =
        repository.applySnapshot(
            snapshot(Set.of("DU1"), position("DU1", 1, "100"), position("DU1", 2, "-5.5")),
            SyncTrigger.BIND);

    assertThat(result.inserted()).isEqualTo(2);
    assertThat(result.changed()).isEqualTo(2);
    assertThat(result.changes())
        .extracting(PositionChange::kind)
        .containsExactly(Kind.INSERTED, Kind.INSERTED);
    assertThat(repository.positions("DU1", false))
        .extracting(p -> p.position().quantity().toPlainString())
        .containsExactly("100", "-5.5");
    assertThat(history("DU1", 2)).containsExactly("null->-5.5");
    SyncRun run = repository.syncRuns(1).get(0);
    assertThat(run.id()).isEqualTo(result.syncRunId());
    assertThat(run.status()).isEqualTo("SUCCEEDED");
    assertThat(run.trigger()).isEqualTo(SyncTrigger.BIND);
    assertThat(run.inserted()).isEqualTo(2);
    assertThat(run.finishedAt()).isNotNull();
  }

  @Test
  void snapshotEqualByValueRewritesNoRowButConfirmsTheAccount() throws Exception {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "100"), position("DU1", 2, "7")),
        SyncTrigger.BIND);
    Map<PositionKey, Long> before = xmins();
    StoredPosition first = repository.position("DU1", 1).orElseThrow();

    // 100.0 equals 100 and 10.00 equals 10: nothing changed
    SyncResult result =
        repository.applySnapshot(
            snapshot(
                Set.of("DU1"),
                position("DU1", 1, "SYM1", "100.0", "10.00"),
                position("DU1", 2, "7")),
            SyncTrigger.PERIODIC);

    assertThat(result.changed()).isZero();
    assertThat(result.unchanged()).isEqualTo(2);
    assertThat(result.changes()).isEmpty();
    assertThat(xmins()).isEqualTo(before);
    StoredPosition second = repository.position("DU1", 1).orElseThrow();
    assertThat(second.updatedAt()).isEqualTo(first.updatedAt());
    assertThat(second.lastSyncedAt()).isAfter(first.lastSyncedAt());
    assertThat(history("DU1", 1)).hasSize(1);
  }

  @Test
  void onlyChangedRowsAreRewrittenAndOnlyQuantityChangesEnterHistory() throws Exception {
    repository.applySnapshot(
        snapshot(
            Set.of("DU1"),
            position("DU1", 1, "100"),
            position("DU1", 2, "200"),
            position("DU1", 3, "300")),
        SyncTrigger.BIND);
    Map<PositionKey, Long> before = xmins();

    SyncResult result =
        repository.applySnapshot(
            snapshot(
                Set.of("DU1"),
                position("DU1", 1, "150"),
                position("DU1", 2, "SYM2", "200", "11.5"),
                position("DU1", 3, "300")),
            SyncTrigger.MANUAL);

    assertThat(result.updated()).isEqualTo(2);
    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.changes())
        .extracting(c -> c.position().contract().conId(), c -> c.oldQuantity().toPlainString())
        .containsExactly(tuple(1L, "100"), tuple(2L, "200"));
    Map<PositionKey, Long> after = xmins();
    assertThat(after.get(new PositionKey("DU1", 3)))
        .isEqualTo(before.get(new PositionKey("DU1", 3)));
    assertThat(after.get(new PositionKey("DU1", 1)))
        .isNotEqualTo(before.get(new PositionKey("DU1", 1)));
    assertThat(history("DU1", 1)).containsExactly("null->100", "100->150");
    assertThat(history("DU1", 2)).containsExactly("null->200");
    assertThat(repository.position("DU1", 2).orElseThrow().position().averageCost())
        .isEqualByComparingTo("11.5");
  }

  @Test
  void missingPositionsOfAccountsInScopeAreClosedIncludingAccountsWithoutRows() throws Exception {
    repository.applySnapshot(
        snapshot(
            Set.of("DU1", "DU2", "DU3"),
            position("DU1", 1, "10"),
            position("DU1", 2, "20"),
            position("DU2", 1, "30"),
            position("DU3", 1, "40")),
        SyncTrigger.BIND);

    // DU3 is out of scope and must be left alone; DU2 is in scope with no rows at all
    SyncResult result =
        repository.applySnapshot(
            snapshot(Set.of("DU1", "DU2"), position("DU1", 1, "10")), SyncTrigger.PERIODIC);

    assertThat(result.closed()).isEqualTo(2);
    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.changes())
        .extracting(c -> c.position().key(), PositionChange::kind)
        .containsExactly(
            tuple(new PositionKey("DU1", 2), Kind.CLOSED),
            tuple(new PositionKey("DU2", 1), Kind.CLOSED));
    StoredPosition closed = repository.position("DU2", 1).orElseThrow();
    assertThat(closed.isClosed()).isTrue();
    assertThat(closed.position().quantity()).isEqualByComparingTo("0");
    assertThat(repository.positions("DU2", false)).isEmpty();
    assertThat(repository.positions("DU2", true)).hasSize(1);
    assertThat(repository.position("DU3", 1).orElseThrow().isClosed()).isFalse();
    assertThat(history("DU1", 2)).containsExactly("null->20", "20->0");

    // still missing: stays closed and is not closed again
    SyncResult again =
        repository.applySnapshot(
            snapshot(Set.of("DU1", "DU2"), position("DU1", 1, "10")), SyncTrigger.PERIODIC);
    assertThat(again.changed()).isZero();
    assertThat(history("DU1", 2)).hasSize(2);
  }

  @Test
  void reportedZeroQuantityClosesAndALaterReportReopens() throws Exception {
    repository.applySnapshot(snapshot(Set.of("DU1"), position("DU1", 1, "10")), SyncTrigger.BIND);

    SyncResult closing =
        repository.applySnapshot(
            snapshot(Set.of("DU1"), position("DU1", 1, "0")), SyncTrigger.PERIODIC);
    assertThat(closing.closed()).isEqualTo(1);
    Instant closedAt = repository.position("DU1", 1).orElseThrow().closedAt();
    assertThat(closedAt).isNotNull();

    SyncResult reopening =
        repository.applySnapshot(
            snapshot(Set.of("DU1"), position("DU1", 1, "3")), SyncTrigger.PERIODIC);

    assertThat(reopening.updated()).isEqualTo(1);
    assertThat(reopening.changes()).extracting(PositionChange::kind).containsExactly(Kind.REOPENED);
    StoredPosition reopened = repository.position("DU1", 1).orElseThrow();
    assertThat(reopened.isClosed()).isFalse();
    assertThat(reopened.position().quantity()).isEqualByComparingTo("3");
    assertThat(history("DU1", 1)).containsExactly("null->10", "10->0", "0->3");
  }

  @Test
  void snapshotCapturedBeforeTheLastAppliedOneIsRejectedAndWritesNothing() throws Exception {
    Instant older = nextCapture();
    Instant newer = nextCapture();
    repository.applySnapshot(
        snapshotAt(newer, Set.of("DU1", "DU2"), position("DU1", 1, "10")), SyncTrigger.BIND);
    Map<PositionKey, Long> before = xmins();

    PositionSnapshot stale = snapshotAt(older, Set.of("DU2"), position("DU2", 9, "99"));
    assertThatThrownBy(() -> repository.applySnapshot(stale, SyncTrigger.PERIODIC))
        .isInstanceOf(StaleSnapshotException.class)
        .hasMessageContaining("DU2");

    assertThat(xmins()).isEqualTo(before);
    assertThat(repository.position("DU2", 9)).isEmpty();
    SyncRun failed = repository.syncRuns(1).get(0);
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.error()).contains("older than the last applied one");

    // the same capture again (a retry of the newest snapshot) is not stale
    SyncResult retry =
        repository.applySnapshot(
            snapshotAt(newer, Set.of("DU1", "DU2"), position("DU1", 1, "10")), SyncTrigger.MANUAL);
    assertThat(retry.unchanged()).isEqualTo(1);
  }

  @Test
  void nanosecondCaptureTimeIsNotStaleAgainstItself() {
    Instant capturedAt = Instant.parse("2026-11-24T09:00:00.123456789Z");
    repository.applySnapshot(
        snapshotAt(capturedAt, Set.of("DU1"), position("DU1", 1, "1")), SyncTrigger.BIND);

    SyncResult again =
        repository.applySnapshot(
            snapshotAt(capturedAt, Set.of("DU1"), position("DU1", 1, "1")), SyncTrigger.MANUAL);

    assertThat(again.unchanged()).isEqualTo(1);
  }

  @Test
  void rowChangedBehindOurBackIsCorrectedAndCounted() throws Exception {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "100"), position("DU1", 2, "5")),
        SyncTrigger.BIND);
    execute("update positions set quantity = 1 where account = 'DU1' and con_id = 1");
    execute("delete from positions where account = 'DU1' and con_id = 2");

    // a fresh instance: nothing in memory can stand in for the database
    PostgresPositionRepository fresh = new PostgresPositionRepository(dataSource, SETTINGS);
    SyncResult result =
        fresh.applySnapshot(
            snapshot(Set.of("DU1"), position("DU1", 1, "100"), position("DU1", 2, "5")),
            SyncTrigger.PERIODIC);

    assertThat(result.updated()).isEqualTo(1);
    assertThat(result.inserted()).isEqualTo(1);
    assertThat(fresh.position("DU1", 1).orElseThrow().position().quantity())
        .isEqualByComparingTo("100");
    assertThat(history("DU1", 1)).containsExactly("null->100", "1->100");
  }

  @Test
  void extremePrecisionAndHostileTextAreStoredVerbatim() {
    String account = "DU'1\\\"%;--é中🚀";
    Contract contract =
        new Contract(
            42,
            "O'Brien\\%_;DROP TABLE positions;--ü",
            "OPT",
            "EUR",
            "",
            "local 'sym'",
            "tc\\1",
            "20261218",
            new BigDecimal("123.4567"),
            "C",
            "100");
    Position tiny = new Position(account, contract, new BigDecimal("0.0001"), null);
    Position huge =
        new Position(
            "DU2",
            Contract.stock(7, "BIG", "USD"),
            new BigDecimal("123456789.123456"),
            new BigDecimal("0.000001"));

    repository.applySnapshot(snapshot(Set.of(account, "DU2"), tiny, huge), SyncTrigger.BIND);

    StoredPosition storedTiny = repository.position(account, 42).orElseThrow();
    assertThat(storedTiny.position()).isEqualTo(tiny);
    assertThat(storedTiny.position().contract().exchange()).isEmpty();
    assertThat(storedTiny.position().averageCost()).isNull();
    assertThat(repository.positions(account, false)).hasSize(1);
    StoredPosition storedHuge = repository.position("DU2", 7).orElseThrow();
    assertThat(storedHuge.position().quantity().toPlainString()).isEqualTo("123456789.123456");
    assertThat(storedHuge.position().averageCost().toPlainString()).isEqualTo("0.000001");

    SyncResult again =
        repository.applySnapshot(snapshot(Set.of(account, "DU2"), tiny, huge), SyncTrigger.MANUAL);
    assertThat(again.unchanged()).isEqualTo(2);
  }

  @Test
  void pnlNeverReportedStaysNull() {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "10"), position("DU1", 2, "20")),
        SyncTrigger.BIND);
    repository.applyPnl(
        List.of(
            new PositionPnl("DU1", 1, new BigDecimal("12.5"), null, null, null, Instant.now())));

    StoredPosition priced = repository.position("DU1", 1).orElseThrow();
    assertThat(priced.marketPrice()).isEqualByComparingTo("12.5");
    assertThat(priced.marketValue()).isNull();
    assertThat(priced.unrealizedPnl()).isNull();
    assertThat(priced.realizedPnl()).isNull();
    StoredPosition untouched = repository.position("DU1", 2).orElseThrow();
    assertThat(untouched.marketPrice()).isNull();
    assertThat(untouched.marketValue()).isNull();
  }

  @Test
  void largeSnapshotIsWrittenInSeveralBatches() throws Exception {
    PostgresPositionRepository smallBatches =
        new PostgresPositionRepository(
            dataSource, new RepositorySettings(7, 30, Duration.ofSeconds(10)));
    List<Position> rows = new ArrayList<>();
    for (int conId = 1; conId <= 50; conId++) {
      rows.add(position("DU1", conId, Integer.toString(conId)));
    }
    smallBatches.applySnapshot(
        snapshot(Set.of("DU1"), rows.toArray(Position[]::new)), SyncTrigger.BIND);

    List<Position> changed = new ArrayList<>(rows.subList(0, 40));
    changed.replaceAll(p -> position("DU1", p.contract().conId(), "1000"));
    SyncResult result =
        smallBatches.applySnapshot(
            snapshot(Set.of("DU1"), changed.toArray(Position[]::new)), SyncTrigger.PERIODIC);

    assertThat(result.updated()).isEqualTo(40);
    assertThat(result.closed()).isEqualTo(10);
    assertThat(count("position_history")).isEqualTo(100);
    assertThat(smallBatches.positions("DU1", false)).hasSize(40);
  }

  @Test
  void emptyScopeChangesNothingButIsRecorded() throws Exception {
    SyncResult result = repository.applySnapshot(snapshot(Set.of()), SyncTrigger.PERIODIC);

    assertThat(result.changed()).isZero();
    assertThat(count("positions")).isZero();
    assertThat(repository.syncRuns(5)).hasSize(1);
  }
}
