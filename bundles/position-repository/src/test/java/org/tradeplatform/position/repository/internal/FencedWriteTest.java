package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.StaleLeaseException;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * The fencing token in every write: a write under the gateway's current lease epoch goes through;
 * once another node took the lease, a write under the old epoch is refused inside its transaction
 * and writes nothing.
 */
class FencedWriteTest extends RepositoryTestSupport {

  private static final FencingToken EPOCH_1 = new FencingToken("gw1", 1, "node-a");

  @BeforeEach
  void leaseTakenByNodeA() throws SQLException {
    execute("truncate gateway_lease restart identity");
    execute(
        "insert into gateway_lease (broker_id, epoch, holder_node) values ('gw1', 1, 'node-a')");
  }

  @Test
  void writesUnderTheCurrentEpochGoThrough() {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "10")), SyncTrigger.BIND, Optional.of(EPOCH_1));
    repository.apply(
        "gw1", List.of(position("DU1", 1, "11")), SyncTrigger.CALLBACK, Optional.of(EPOCH_1));
    int priced = repository.applyPnl(List.of(pnl("DU1", 1, "5")), Optional.of(EPOCH_1));

    assertThat(repository.position("DU1", 1).orElseThrow().position().quantity())
        .isEqualByComparingTo("11");
    assertThat(priced).isEqualTo(1);
  }

  @Test
  void afterAnotherNodeTookTheLeaseEveryWriteUnderTheOldEpochIsRefusedAndWritesNothing()
      throws SQLException {
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "10")), SyncTrigger.BIND, Optional.of(EPOCH_1));
    // node-b takes the lease and writes first
    execute("update gateway_lease set epoch = 2, holder_node = 'node-b' where broker_id = 'gw1'");
    FencingToken epoch2 = new FencingToken("gw1", 2, "node-b");
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "12")), SyncTrigger.BIND, Optional.of(epoch2));
    Map<PositionKey, Long> xmins = xmins();
    long history = count("position_history");

    assertThatThrownBy(
            () ->
                repository.applySnapshot(
                    snapshot(Set.of("DU1"), position("DU1", 1, "99")),
                    SyncTrigger.PERIODIC,
                    Optional.of(EPOCH_1)))
        .isInstanceOf(StaleLeaseException.class)
        .hasMessageContaining("applying snapshot of broker gw1 refused (stale lease)")
        .hasMessageContaining("the lease of gw1 is at epoch 2, the write carried epoch 1")
        .hasMessageContaining("nothing was written");
    assertThatThrownBy(
            () ->
                repository.apply(
                    "gw1",
                    List.of(position("DU1", 1, "98")),
                    SyncTrigger.CALLBACK,
                    Optional.of(EPOCH_1)))
        .isInstanceOf(StaleLeaseException.class);
    assertThatThrownBy(() -> repository.applyPnl(List.of(pnl("DU1", 1, "7")), Optional.of(EPOCH_1)))
        .isInstanceOf(StaleLeaseException.class);

    assertThat(xmins()).isEqualTo(xmins);
    assertThat(count("position_history")).isEqualTo(history);
    assertThat(repository.position("DU1", 1).orElseThrow().position().quantity())
        .isEqualByComparingTo("12");
    assertThat(repository.position("DU1", 1).orElseThrow().marketPrice()).isNull();
    // the refusals are on record as failed runs
    assertThat(
            repository.syncRuns(10).stream()
                .filter(r -> r.error() != null && r.error().contains("stale lease"))
                .count())
        .isEqualTo(2);
  }

  @Test
  void aTokenForAGatewayWithoutLeaseIsRefusedAndANodeWithoutLeasesWritesUnchecked() {
    FencingToken unknown = new FencingToken("gw9", 1, "node-a");
    assertThatThrownBy(
            () ->
                repository.apply(
                    "gw9",
                    List.of(position("DU1", 1, "1")),
                    SyncTrigger.CALLBACK,
                    Optional.of(unknown)))
        .isInstanceOf(StaleLeaseException.class)
        .hasMessageContaining("the lease of gw9 is at epoch none");

    repository.apply("gw9", List.of(position("DU1", 1, "1")), SyncTrigger.CALLBACK);
    assertThat(repository.position("DU1", 1)).isPresent();
  }

  private static PositionPnl pnl(String account, long conId, String price) {
    return new PositionPnl(
        account,
        conId,
        new BigDecimal(price),
        null,
        null,
        null,
        Instant.parse("2026-12-02T12:00:00Z"));
  }
}
