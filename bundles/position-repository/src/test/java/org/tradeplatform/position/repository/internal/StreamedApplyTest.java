package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionChange.Kind;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

class StreamedApplyTest extends RepositoryTestSupport {

  @Test
  void streamedChangesInsertUpdateCloseAndReopenButNeverCloseWhatWasNotReported() throws Exception {
    repository.applySnapshot(
        snapshot(
            Set.of("DU1"),
            position("DU1", 1, "10"),
            position("DU1", 2, "20"),
            position("DU1", 3, "0.5")),
        SyncTrigger.BIND);
    repository.apply("gw1", List.of(position("DU1", 3, "0")), SyncTrigger.CALLBACK);

    SyncResult result =
        repository.apply(
            "gw1",
            List.of(
                position("DU1", 1, "15"),
                position("DU1", 2, "0"),
                position("DU1", 3, "4"),
                position("DU1", 4, "1"),
                position("DU1", 5, "0")),
            SyncTrigger.CALLBACK);

    assertThat(result.changes())
        .extracting(c -> c.position().contract().conId(), PositionChange::kind)
        .containsExactly(
            tuple(1L, Kind.UPDATED),
            tuple(2L, Kind.CLOSED),
            tuple(3L, Kind.REOPENED),
            tuple(4L, Kind.INSERTED));
    assertThat(result.inserted()).isEqualTo(1);
    assertThat(result.updated()).isEqualTo(2);
    assertThat(result.closed()).isEqualTo(1);
    assertThat(repository.position("DU1", 5)).isEmpty();
    assertThat(history("DU1", 3)).containsExactly("null->0.5", "0.5->0", "0->4");
    SyncRun run = repository.syncRuns(1).get(0);
    assertThat(run.trigger()).isEqualTo(SyncTrigger.CALLBACK);
    assertThat(run.updated()).isEqualTo(2);
  }

  @Test
  void streamedChangeEqualByValueIsUnchangedAndNotRewritten() throws Exception {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "100"), position("DU1", 2, "3")),
        SyncTrigger.BIND);
    Map<PositionKey, Long> before = xmins();

    SyncResult result =
        repository.apply(
            "gw1", List.of(position("DU1", 1, "SYM1", "100.000", "10.0")), SyncTrigger.CALLBACK);

    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.changed()).isZero();
    assertThat(xmins()).isEqualTo(before);
  }

  @Test
  void repeatedKeyInOneBatchKeepsTheLastReport() throws Exception {
    SyncResult result =
        repository.apply(
            "gw1",
            List.of(position("DU1", 1, "1"), position("DU1", 1, "2"), position("DU1", 1, "3")),
            SyncTrigger.CALLBACK);

    assertThat(result.inserted()).isEqualTo(1);
    assertThat(repository.position("DU1", 1).orElseThrow().position().quantity())
        .isEqualByComparingTo("3");
    assertThat(history("DU1", 1)).containsExactly("null->3");
  }

  @Test
  void pnlIsWrittenOnlyWhereItChangedAndIsNeverAPositionChange() throws Exception {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "10"), position("DU1", 2, "20")),
        SyncTrigger.BIND);
    StoredPosition before = repository.position("DU1", 1).orElseThrow();
    long runs = count("sync_runs");
    long historyRows = count("position_history");

    int written =
        repository.applyPnl(
            List.of(
                pnl("DU1", 1, "101.5", "1015", "15", "2"),
                pnl("DU1", 2, "7", "140", "-3", null),
                pnl("DU1", 99, "1", "1", "1", "1")));

    assertThat(written).isEqualTo(2);
    StoredPosition after = repository.position("DU1", 1).orElseThrow();
    assertThat(after.marketPrice()).isEqualByComparingTo("101.5");
    assertThat(after.marketValue()).isEqualByComparingTo("1015");
    assertThat(after.unrealizedPnl()).isEqualByComparingTo("15");
    assertThat(after.realizedPnl()).isEqualByComparingTo("2");
    assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
    assertThat(repository.position("DU1", 2).orElseThrow().realizedPnl()).isNull();
    assertThat(repository.position("DU1", 99)).isEmpty();
    assertThat(count("sync_runs")).isEqualTo(runs);
    assertThat(count("position_history")).isEqualTo(historyRows);

    // the same values again, written differently (101.50): nothing is rewritten
    Map<PositionKey, Long> xmins = xmins();
    int again =
        repository.applyPnl(
            List.of(
                pnl("DU1", 1, "101.50", "1015.0", "15.00", "2"),
                pnl("DU1", 2, "7", "140", "-3", null)));
    assertThat(again).isZero();
    assertThat(xmins()).isEqualTo(xmins);
  }

  @Test
  void emptyPnlBatchWritesNothing() {
    assertThat(repository.applyPnl(List.of())).isZero();
  }

  private static PositionPnl pnl(
      String account, long conId, String price, String value, String unrealized, String realized) {
    return new PositionPnl(
        account,
        conId,
        decimal(price),
        decimal(value),
        decimal(unrealized),
        decimal(realized),
        Instant.now());
  }

  private static BigDecimal decimal(String value) {
    return value == null ? null : new BigDecimal(value);
  }
}
