package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.SyncHealth;
import org.tradeplatform.position.api.SyncHealth.Finding;
import org.tradeplatform.position.api.SyncHealth.Status;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.position.sync.internal.SyncHealthEvaluator.SessionState;

class SyncHealthEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final SyncSettings SETTINGS = SyncSettings.DEFAULTS; // 300 s period

  @Test
  void okWithOneLinePerSessionWhenEverySessionSyncedRecently() {
    SyncHealth health =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.empty(),
            List.of(
                session("b", NOW.minusSeconds(3600), NOW.minusSeconds(600), null),
                session("a", NOW.minusSeconds(3600), NOW.minusSeconds(10), null)),
            NOW);
    assertThat(health.status()).isEqualTo(Status.OK);
    assertThat(health.findings())
        .extracting(Finding::status, Finding::message)
        .containsExactly(
            tuple(
                Status.OK,
                "broker session b: last successful sync 2026-11-24T09:50:00Z, 3 positions held"),
            tuple(
                Status.OK,
                "broker session a: last successful sync 2026-11-24T09:59:50Z, 3 positions held"));
  }

  @Test
  void warnsWhenNoSessionIsBound() {
    SyncHealth health = SyncHealthEvaluator.evaluate(SETTINGS, Optional.empty(), List.of(), NOW);
    assertThat(health.status()).isEqualTo(Status.WARN);
    assertThat(health.findings())
        .singleElement()
        .extracting(Finding::message)
        .asString()
        .startsWith("no broker session is bound");
  }

  @Test
  void warnsWhenAConfigurationWasRefused() {
    SyncHealth health =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.of("debounceSeconds: must be 0 (no debounce) or more, was -1"),
            List.of(session("a", NOW.minusSeconds(10), NOW.minusSeconds(5), null)),
            NOW);
    assertThat(health.status()).isEqualTo(Status.WARN);
    assertThat(health.findings().get(0).status()).isEqualTo(Status.WARN);
    assertThat(health.findings().get(0).message())
        .contains("debounceSeconds", "etc/org.tradeplatform.position.sync.cfg");
    assertThat(health.findings().get(1).status()).isEqualTo(Status.OK);
  }

  @Test
  void warnsWhenTheLastSyncFailedButIsNotYetStale() {
    SyncHealth health =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.empty(),
            List.of(session("a", NOW.minusSeconds(3600), NOW.minusSeconds(60), "db down")),
            NOW);
    assertThat(health.status()).isEqualTo(Status.WARN);
    assertThat(health.findings().get(0).message())
        .contains("broker session a", "the last sync failed", "db down", "retried with backoff");
  }

  @Test
  void failsWhenASessionHasNotSyncedForTwiceThePeriod() {
    SyncHealth health =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.of("periodicIntervalSeconds: must be at least 10 seconds, was 1"),
            List.of(
                session("ok", NOW.minusSeconds(9000), NOW.minusSeconds(10), null),
                session("late", NOW.minusSeconds(9000), NOW.minusSeconds(601), "db down")),
            NOW);
    assertThat(health.status()).isEqualTo(Status.CRITICAL);
    assertThat(health.findings())
        .extracting(Finding::status)
        .containsExactly(Status.WARN, Status.OK, Status.CRITICAL);
    assertThat(health.findings().get(2).message())
        .contains("late", "601 s", "limit 600 s", "db down");
  }

  @Test
  void aSessionThatNeverSyncedCountsFromItsBinding() {
    List<SessionState> fresh = List.of(session("a", NOW.minusSeconds(600), null, null));
    List<SessionState> stale = List.of(session("a", NOW.minusSeconds(601), null, null));
    SyncHealth pending = SyncHealthEvaluator.evaluate(SETTINGS, Optional.empty(), fresh, NOW);
    assertThat(pending.status()).isEqualTo(Status.OK);
    assertThat(pending.findings().get(0).message()).contains("pending since bind");
    assertThat(SyncHealthEvaluator.evaluate(SETTINGS, Optional.empty(), stale, NOW).status())
        .isEqualTo(Status.CRITICAL);
  }

  @Test
  void warnsWhenDisabled() {
    SyncSettings disabled = TestConfigs.settings(Map.of("enabled", false));
    SyncHealth health = SyncHealthEvaluator.evaluate(disabled, Optional.empty(), List.of(), NOW);
    assertThat(health.status()).isEqualTo(Status.WARN);
    assertThat(health.findings()).singleElement().asString().contains("disabled");
  }

  private static SessionState session(
      String brokerId, Instant boundAt, Instant lastSuccessAt, String lastError) {
    Instant lastSync = lastError == null ? lastSuccessAt : NOW.minusSeconds(1);
    return new SessionState(
        brokerId,
        boundAt,
        new SyncStatistics(
            1,
            1,
            lastSuccessAt == null ? 0 : 1,
            lastError == null ? 0 : 1,
            0,
            0,
            0,
            3,
            lastSync,
            lastSuccessAt,
            lastSync == null ? null : Duration.ofMillis(5),
            lastSync == null ? null : SyncTrigger.PERIODIC,
            lastError,
            0,
            0));
  }
}
