package org.tradeplatform.position.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.PnlStatistics;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncHealth;
import org.tradeplatform.position.api.SyncHealth.Finding;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;

class PageDataTest {

  @Test
  void theStatusShowsTheSyncComponentsOwnHealthEvaluationUnchanged() {
    SyncHealth health =
        new SyncHealth(
            List.of(
                new Finding(SyncHealth.Status.WARN, "configuration refused: debounceSeconds"),
                new Finding(SyncHealth.Status.OK, "broker session paper: fine")));

    Map<String, Object> status = PageData.status(new Status(health));

    assertThat(status)
        .containsEntry("health", "WARN")
        .containsEntry("sessionsBound", 0)
        .containsEntry(
            "findings",
            List.of(
                "WARN configuration refused: debounceSeconds", "OK broker session paper: fine"));
  }

  /** A sync status with a given health and nothing else. */
  private record Status(SyncHealth health) implements PositionSyncStatus {
    @Override
    public Map<String, SyncStatistics> sessions() {
      return Map.of();
    }

    @Override
    public SyncStatistics total() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> rejectedConfiguration() {
      return Optional.empty();
    }

    @Override
    public Map<String, PnlStatistics> pnlSessions() {
      return Map.of();
    }

    @Override
    public PnlStatistics pnlTotal() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<SyncResult> syncNow(String brokerId) {
      throw new UnsupportedOperationException();
    }
  }
}
