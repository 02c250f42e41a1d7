package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.sync.internal.SyncHealthEvaluator.SessionState;

class SyncHealthEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final SyncSettings SETTINGS = SyncSettings.DEFAULTS; // 300 s period

  @Test
  void okWhenEverySessionSyncedRecently() {
    HealthReport report =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.empty(),
            List.of(new SessionState("a", NOW.minusSeconds(3600), NOW.minusSeconds(600), null)),
            NOW);
    assertThat(report.status()).isEqualTo(HealthStatus.OK);
    assertThat(report.messages()).isEmpty();
  }

  @Test
  void warnsWhenNoSessionIsBound() {
    HealthReport report = SyncHealthEvaluator.evaluate(SETTINGS, Optional.empty(), List.of(), NOW);
    assertThat(report.status()).isEqualTo(HealthStatus.WARN);
    assertThat(report.messages()).containsExactly("no broker session is bound");
  }

  @Test
  void warnsWhenAConfigurationWasRefused() {
    HealthReport report =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.of("debounceSeconds: must be 0 (no debounce) or more, was -1"),
            List.of(new SessionState("a", NOW.minusSeconds(10), NOW.minusSeconds(5), null)),
            NOW);
    assertThat(report.status()).isEqualTo(HealthStatus.WARN);
    assertThat(report.messages()).singleElement().asString().contains("debounceSeconds");
  }

  @Test
  void failsWhenASessionHasNotSyncedForTwiceThePeriod() {
    HealthReport report =
        SyncHealthEvaluator.evaluate(
            SETTINGS,
            Optional.of("periodicIntervalSeconds: must be at least 10 seconds, was 1"),
            List.of(
                new SessionState("ok", NOW.minusSeconds(9000), NOW.minusSeconds(10), null),
                new SessionState("late", NOW.minusSeconds(9000), NOW.minusSeconds(601), "db down")),
            NOW);
    assertThat(report.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(report.messages()).hasSize(2);
    assertThat(report.messages().get(1)).contains("late", "601 s", "limit 600 s", "db down");
  }

  @Test
  void aSessionThatNeverSyncedCountsFromItsBinding() {
    List<SessionState> fresh = List.of(new SessionState("a", NOW.minusSeconds(600), null, null));
    List<SessionState> stale = List.of(new SessionState("a", NOW.minusSeconds(601), null, null));
    assertThat(SyncHealthEvaluator.evaluate(SETTINGS, Optional.empty(), fresh, NOW).status())
        .isEqualTo(HealthStatus.OK);
    assertThat(SyncHealthEvaluator.evaluate(SETTINGS, Optional.empty(), stale, NOW).status())
        .isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void warnsWhenDisabled() {
    SyncSettings disabled = TestConfigs.settings(Map.of("enabled", false));
    HealthReport report = SyncHealthEvaluator.evaluate(disabled, Optional.empty(), List.of(), NOW);
    assertThat(report.status()).isEqualTo(HealthStatus.WARN);
    assertThat(report.messages()).singleElement().asString().contains("disabled");
  }
}
