package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(SyncSettings.from(TestConfigs.shipped(Map.of()))).isEqualTo(SyncSettings.DEFAULTS);
    assertThat(SyncSettings.DEFAULTS.debounce()).isEqualTo(Duration.ofSeconds(5));
    assertThat(SyncSettings.DEFAULTS.periodicInterval()).isEqualTo(Duration.ofSeconds(300));
    assertThat(SyncSettings.DEFAULTS.syncTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(SyncSettings.DEFAULTS.pnlWriteInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(SyncSettings.DEFAULTS.writesPnl()).isTrue();
  }

  @Test
  void zeroDebounceAndTheSmallestPeriodAreAccepted() {
    SyncSettings settings =
        TestConfigs.settings(Map.of("debounceSeconds", 0, "periodicIntervalSeconds", 10));
    assertThat(settings.debounce()).isZero();
    assertThat(settings.periodicInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aZeroPnlWriteIntervalTurnsPnlWritingOffAndOneSecondIsTheShortest() {
    SyncSettings off = TestConfigs.settings(Map.of("pnlWriteIntervalSeconds", 0));
    assertThat(off.pnlWriteInterval()).isZero();
    assertThat(off.writesPnl()).isFalse();
    SyncSettings fast = TestConfigs.settings(Map.of("pnlWriteIntervalSeconds", 1));
    assertThat(fast.pnlWriteInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fast.writesPnl()).isTrue();
  }

  @Test
  void eachInvalidValueIsRefusedNamingItsProperty() {
    assertRefused(Map.of("debounceSeconds", -1), "debounceSeconds");
    assertRefused(Map.of("periodicIntervalSeconds", 9), "periodicIntervalSeconds");
    assertRefused(Map.of("periodicIntervalSeconds", -300), "periodicIntervalSeconds");
    assertRefused(Map.of("syncTimeoutSeconds", 0), "syncTimeoutSeconds");
    assertRefused(Map.of("pnlWriteIntervalSeconds", -1), "pnlWriteIntervalSeconds");
    assertRefused(Map.of("syncThreads", 0), "syncThreads");
    assertRefused(Map.of("queueTimeoutSeconds", 0), "queueTimeoutSeconds");
  }

  @Test
  void theScalingDefaultsServeDozensOfGatewaysAndSpreadTheirReconciles() {
    assertThat(SyncSettings.DEFAULTS.syncThreads()).isEqualTo(6);
    assertThat(SyncSettings.DEFAULTS.queueTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(SyncSettings.DEFAULTS.spreadPeriodic()).isTrue();
  }

  private static void assertRefused(Map<String, Object> config, String property) {
    assertThatThrownBy(() -> TestConfigs.settings(config))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property))
        .hasMessageStartingWith(property + ":");
  }
}
