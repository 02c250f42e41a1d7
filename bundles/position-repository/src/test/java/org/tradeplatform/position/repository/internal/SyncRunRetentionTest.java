package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

class SyncRunRetentionTest extends RepositoryTestSupport {

  @Test
  void runsOlderThanTheRetentionAreDeletedAndHistoryIsKept() throws Exception {
    PostgresPositionRepository sevenDays =
        new PostgresPositionRepository(
            dataSource, new RepositorySettings(1_000, 7, Duration.ofSeconds(10)));
    long old1 =
        sevenDays
            .applySnapshot(snapshot(Set.of("DU1"), position("DU1", 1, "1")), SyncTrigger.BIND)
            .syncRunId();
    long old2 =
        sevenDays
            .applySnapshot(snapshot(Set.of("DU1"), position("DU1", 1, "2")), SyncTrigger.PERIODIC)
            .syncRunId();
    long recent =
        sevenDays
            .applySnapshot(snapshot(Set.of("DU1"), position("DU1", 1, "3")), SyncTrigger.PERIODIC)
            .syncRunId();
    execute(
        "update sync_runs set started_at = now() - interval '8 days' where id in ("
            + old1
            + ", "
            + old2
            + ")");
    execute("update sync_runs set started_at = now() - interval '6 days' where id = " + recent);

    assertThat(sevenDays.purgeSyncRuns()).isEqualTo(2);

    assertThat(sevenDays.syncRuns(10)).extracting(SyncRun::id).containsExactly(recent);
    assertThat(history("DU1", 1)).containsExactly("null->1", "1->2", "2->3");
    assertThat(sevenDays.purgeSyncRuns()).isZero();
  }

  @Test
  void syncRunsAreListedNewestFirstUpToTheLimit() {
    for (int i = 1; i <= 4; i++) {
      repository.applySnapshot(
          snapshot(Set.of("DU1"), position("DU1", 1, Integer.toString(i))), SyncTrigger.MANUAL);
    }

    assertThat(repository.syncRuns(3)).extracting(SyncRun::updated).containsExactly(1, 1, 1);
    assertThat(repository.syncRuns(10)).extracting(SyncRun::inserted).containsExactly(0, 0, 0, 1);
    assertThat(repository.syncRuns(0)).isEmpty();
  }
}
