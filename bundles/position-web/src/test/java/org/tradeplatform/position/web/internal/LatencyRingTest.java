package org.tradeplatform.position.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRingTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void keepsCountMeanAndMaxPerMinuteOverTheLastHour() {
    LatencyRing ring = new LatencyRing(T0);
    ring.record(T0.plusSeconds(5), Duration.ofMillis(100));
    ring.record(T0.plusSeconds(50), Duration.ofMillis(300));
    ring.record(T0.plusSeconds(61), Duration.ofMillis(40));

    List<LatencyRing.Minute> hour = ring.lastHour(T0.plusSeconds(90));

    assertThat(hour).hasSize(60);
    assertThat(hour.get(58)).isEqualTo(new LatencyRing.Minute(T0, 2, 200.0, 300.0));
    assertThat(hour.get(59)).isEqualTo(new LatencyRing.Minute(T0.plusSeconds(60), 1, 40.0, 40.0));
    assertThat(hour.subList(0, 58)).allSatisfy(m -> assertThat(m.count()).isZero());
  }

  @Test
  void aMinuteAnHourOldIsForgottenWhenItsSlotComesRound() {
    LatencyRing ring = new LatencyRing(T0);
    ring.record(T0, Duration.ofMillis(100));
    ring.record(T0.plus(Duration.ofMinutes(60)), Duration.ofMillis(7));

    List<LatencyRing.Minute> hour = ring.lastHour(T0.plus(Duration.ofMinutes(60)));

    assertThat(hour.get(59).count()).isEqualTo(1);
    assertThat(hour.get(59).maxMillis()).isEqualTo(7.0);
    assertThat(hour.stream().mapToInt(LatencyRing.Minute::count).sum()).isEqualTo(1);
    assertThat(ring.lastHour(T0.plus(Duration.ofMinutes(200))))
        .allSatisfy(m -> assertThat(m.count()).isZero());
  }
}
