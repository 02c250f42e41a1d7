package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeplatform.position.operations.internal.Doubles.T0;
import static org.tradeplatform.position.operations.internal.Doubles.connection;
import static org.tradeplatform.position.operations.internal.Doubles.statistics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncOutcome;
import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncTrigger;

class SyncMetricsTest {

  private Optional<PositionSyncStatus> status =
      Optional.of(new Doubles.SyncStatus(Map.of("paper", statistics(T0, T0, null))));
  private final List<ConnectionStatus> connections =
      new ArrayList<>(List.of(connection("paper", ConnectionState.READY, T0)));
  private final SyncMetrics metrics =
      new SyncMetrics(Duration.ofSeconds(5), () -> status, () -> connections);

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void statusCountersAreReadAtScrapeTime() throws IOException {
    String text = scrape();
    assertThat(text)
        .contains("position_sync_syncs_started_total{broker_id=\"paper\"} 10.0")
        .contains("position_sync_syncs_total{broker_id=\"paper\",outcome=\"succeeded\"} 8.0")
        .contains("position_sync_syncs_total{broker_id=\"paper\",outcome=\"failed\"} 2.0")
        .contains("position_sync_syncs_total{broker_id=\"paper\",outcome=\"abandoned\"} 4.0")
        .contains("position_sync_syncs_queued{broker_id=\"paper\"} 1.0")
        .contains("position_sync_callback_triggers_total{broker_id=\"paper\"} 40.0")
        .contains("position_sync_coalesced_triggers_total{broker_id=\"paper\"} 30.0")
        .contains("position_sync_drift_rows_total{broker_id=\"paper\"} 3.0")
        .contains("position_sync_positions_held{broker_id=\"paper\"} 12.0")
        .contains("position_sync_last_sync_duration_seconds{broker_id=\"paper\"} 0.25")
        .contains("position_sync_gateway_state{broker_id=\"paper\",state=\"ready\"} 1.0")
        .contains("position_sync_gateway_state{broker_id=\"paper\",state=\"reconnecting\"} 0.0")
        .contains("position_sync_gateway_reconnects_total{broker_id=\"paper\"} 2.0");
    assertThat(text)
        .contains(
            "position_sync_last_success_timestamp_seconds{broker_id=\"paper\"} "
                + (double) T0.getEpochSecond());
    // never an account, although the connection reports one
    assertThat(text).doesNotContain("DU1234567").doesNotContain("account=");

    connections.set(0, connection("paper", ConnectionState.RECONNECTING, T0));
    status = Optional.empty();
    String later = scrape();
    assertThat(later)
        .contains("position_sync_gateway_state{broker_id=\"paper\",state=\"reconnecting\"} 1.0")
        .doesNotContain("position_sync_syncs_started_total{");
  }

  @Test
  void theHistogramRecordsEveryHeardChangeWithBucketsUpToDebouncePlus30s() throws IOException {
    long start = 1_000_000_000L;
    PositionKey key = new PositionKey("U1", 265598L);
    metrics.syncFinished(
        new SyncReport(
            "paper",
            SyncTrigger.CALLBACK,
            T0,
            Duration.ofMillis(20),
            SyncOutcome.SUCCEEDED,
            Optional.empty(),
            0,
            2,
            0,
            0,
            List.of(
                new HeardChange(key, T0, start, T0, start + 5_100_000_000L),
                new HeardChange(key, T0, start, T0, start + 40_000_000L))));
    metrics.syncFinished(
        new SyncReport(
            "paper",
            SyncTrigger.PERIODIC,
            T0,
            Duration.ofMillis(20),
            SyncOutcome.FAILED,
            Optional.of("database down"),
            0,
            0,
            0,
            0,
            List.of()));
    String text = scrape();
    assertThat(text)
        .contains("position_sync_change_commit_latency_seconds_count{broker_id=\"paper\"} 2")
        .contains(
            "position_sync_change_commit_latency_seconds_bucket{broker_id=\"paper\",le=\"0.05\"} 1")
        .contains(
            "position_sync_change_commit_latency_seconds_bucket{broker_id=\"paper\",le=\"5.0\"} 1")
        .contains(
            "position_sync_change_commit_latency_seconds_bucket{broker_id=\"paper\",le=\"5.5\"} 2")
        .contains(
            "position_sync_syncs_by_trigger_total{broker_id=\"paper\",outcome=\"succeeded\",trigger=\"callback\"} 1.0")
        .contains(
            "position_sync_syncs_by_trigger_total{broker_id=\"paper\",outcome=\"failed\",trigger=\"periodic\"} 1.0");
    double[] bounds = SyncMetrics.buckets(Duration.ofSeconds(5));
    assertThat(bounds[bounds.length - 1]).isEqualTo(35.0);
    assertThat(bounds).contains(5.0, 0.005);
    assertThat(SyncMetrics.buckets(Duration.ZERO)).doesNotContain(0.0).contains(30.0);
  }

  @Test
  void everyActivationHasItsOwnRegistry() throws IOException {
    SyncMetrics again = new SyncMetrics(Duration.ofSeconds(5), () -> status, () -> connections);
    assertThat(again.registry()).isNotSameAs(metrics.registry());
    assertThat(scrape()).contains("position_sync_syncs_started_total");
  }
}
