package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeplatform.position.operations.internal.Doubles.T0;
import static org.tradeplatform.position.operations.internal.Doubles.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;

class SyncFreshnessTest {

  private static final SyncConfigurationView FIVE_MINUTES = SyncConfigurationView.DEFAULTS;

  private static ResultLog evaluate(Doubles.SyncStatus status, Instant now) {
    return SyncFreshness.evaluate(Optional.of(status), FIVE_MINUTES, id -> T0, now);
  }

  private static List<String> messages(ResultLog log) {
    return StreamSupport.stream(log.spliterator(), false)
        .map(e -> e.getStatus() + " " + e.getMessage())
        .toList();
  }

  @Test
  void aRecentSuccessIsOk() {
    ResultLog log =
        evaluate(
            new Doubles.SyncStatus(Map.of("paper", statistics(T0, T0, null))), T0.plusSeconds(599));
    assertThat(log.getAggregateStatus()).isEqualTo(Status.OK);
    assertThat(messages(log)).singleElement().asString().contains("paper").contains("12 positions");
  }

  @Test
  void aSuccessOlderThanTwiceThePeriodicIntervalIsCriticalAndSaysSinceWhen() {
    ResultLog log =
        evaluate(
            new Doubles.SyncStatus(Map.of("paper", statistics(T0, T0.plusSeconds(500), "timeout"))),
            T0.plusSeconds(601));
    assertThat(log.getAggregateStatus()).isEqualTo(Status.CRITICAL);
    assertThat(messages(log))
        .singleElement()
        .asString()
        .contains("since 2026-12-02T10:00:00Z")
        .contains("601 s, limit 600 s")
        .contains("last error: timeout");
  }

  @Test
  void aFailedLastSyncWarns() {
    ResultLog log =
        evaluate(
            new Doubles.SyncStatus(
                Map.of("paper", statistics(T0, T0.plusSeconds(60), "database down"))),
            T0.plusSeconds(70));
    assertThat(log.getAggregateStatus()).isEqualTo(Status.WARN);
    assertThat(messages(log)).singleElement().asString().contains("database down");
  }

  @Test
  void aSessionWithoutSuccessCountsFromItsBind() {
    Doubles.SyncStatus status =
        new Doubles.SyncStatus(Map.of("paper", statistics(null, null, null)));
    assertThat(evaluate(status, T0.plusSeconds(600)).getAggregateStatus()).isEqualTo(Status.OK);
    assertThat(evaluate(status, T0.plusSeconds(601)).getAggregateStatus())
        .isEqualTo(Status.CRITICAL);
  }

  @Test
  void oneLinePerSessionAndTheWorstWins() {
    ResultLog log =
        evaluate(
            new Doubles.SyncStatus(
                Map.of(
                    "live", statistics(T0.plusSeconds(700), T0.plusSeconds(700), null),
                    "paper", statistics(T0, T0, null))),
            T0.plusSeconds(720));
    assertThat(messages(log)).hasSize(2);
    assertThat(messages(log).get(0)).startsWith("OK").contains("live");
    assertThat(messages(log).get(1)).startsWith("CRITICAL").contains("paper");
    assertThat(log.getAggregateStatus()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void noSessionRefusedConfigurationAndDisabledWarn() {
    assertThat(evaluate(new Doubles.SyncStatus(Map.of()), T0).getAggregateStatus())
        .isEqualTo(Status.WARN);
    ResultLog refused =
        evaluate(
            new Doubles.SyncStatus(
                Map.of("paper", statistics(T0, T0, null)),
                Optional.of("debounceSeconds: must be >= 0")),
            T0);
    assertThat(refused.getAggregateStatus()).isEqualTo(Status.WARN);
    assertThat(messages(refused).get(0)).contains("debounceSeconds");
    ResultLog disabled =
        SyncFreshness.evaluate(
            Optional.of(new Doubles.SyncStatus(Map.of())),
            new SyncConfigurationView(false, Duration.ofSeconds(300), Duration.ZERO),
            id -> T0,
            T0);
    assertThat(disabled.getAggregateStatus()).isEqualTo(Status.WARN);
    assertThat(messages(disabled)).singleElement().asString().contains("enabled=false");
  }

  @Test
  void aMissingSyncComponentIsCritical() {
    ResultLog log = SyncFreshness.evaluate(Optional.empty(), FIVE_MINUTES, id -> T0, T0);
    assertThat(log.getAggregateStatus()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void theConfigurationIsReadLikeTheSyncComponentReadsIt() {
    var properties = new java.util.Hashtable<String, Object>();
    properties.put("periodicIntervalSeconds", "60");
    properties.put("debounceSeconds", 2);
    properties.put("enabled", "false");
    assertThat(SyncConfigurationView.from(properties))
        .isEqualTo(new SyncConfigurationView(false, Duration.ofSeconds(60), Duration.ofSeconds(2)));
    properties.put("periodicIntervalSeconds", "5"); // below the minimum: the sync refuses it
    assertThat(SyncConfigurationView.from(properties).periodicInterval())
        .isEqualTo(Duration.ofSeconds(300));
  }
}
