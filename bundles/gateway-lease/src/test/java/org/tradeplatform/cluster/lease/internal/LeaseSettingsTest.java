package org.tradeplatform.cluster.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseSettingsTest {

  private static LeaseSettings settings(
      String nodeId, long idle, long renew, long timeout, long margin, long retry) {
    return new LeaseSettings(
        nodeId,
        Duration.ofMillis(idle),
        Duration.ofMillis(renew),
        Duration.ofMillis(timeout),
        Duration.ofMillis(margin),
        Duration.ofMillis(retry));
  }

  @Test
  void defaultTimingIsAccepted() {
    LeaseSettings defaults = settings("node-a", 10_000, 2_000, 2_000, 2_000, 1_000);
    assertThat(defaults.validity()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void aRenewalCycleThatCannotMeetTheDeadlineIsRefusedWithTheReason() {
    assertThatThrownBy(() -> settings("node-a", 10_000, 4_000, 2_000, 2_000, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewIntervalMillis (4000)")
        .hasMessageContaining("= 10000 ms must be below idleSessionTimeoutMillis (10000)")
        .hasMessageContaining("would pass its own deadline");
    assertThatThrownBy(() -> settings("node-a", 10_000, 1_000, 4_000, 2_000, 1_000))
        .hasMessageContaining("2 × renewTimeoutMillis (4000)");
  }

  @Test
  void nonPositiveDurationsAndBadNodeIdsAreRefusedByName() {
    assertThatThrownBy(() -> settings("node-a", 10_000, 0, 2_000, 2_000, 1_000))
        .hasMessage("renewIntervalMillis must be positive, was 0");
    assertThatThrownBy(() -> settings("node-a", 10_000, 1_000, 2_000, 2_000, -5))
        .hasMessage("retryIntervalMillis must be positive, was -5");
    assertThatThrownBy(() -> settings("node a", 10_000, 1_000, 2_000, 2_000, 1_000))
        .hasMessageContaining("nodeId must be 1 to 63 printable ASCII characters");
    assertThatThrownBy(() -> settings("x".repeat(64), 10_000, 1_000, 2_000, 2_000, 1_000))
        .hasMessageContaining("nodeId");
  }
}
