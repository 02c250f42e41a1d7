package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  @Test
  void delaysDoubleUpToTheBoundWithJitterInTheUpperHalf() {
    ReconnectBackoff lowest =
        new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    ReconnectBackoff highest =
        new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
    List<Long> low = new ArrayList<>();
    List<Long> high = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      low.add(lowest.nextDelay().toMillis());
      high.add(highest.nextDelay().toMillis());
    }
    assertThat(low)
        .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
    assertThat(high.get(0)).isBetween(999L, 1000L);
    assertThat(high.get(9)).isBetween(59_999L, 60_000L);
  }

  @Test
  void jitterSpreadsDelays() {
    double[] values = {0.1, 0.9};
    int[] i = {0};
    ReconnectBackoff backoff =
        new ReconnectBackoff(
            Duration.ofSeconds(8), Duration.ofSeconds(8), () -> values[i[0]++ % 2]);
    assertThat(backoff.nextDelay()).isNotEqualTo(backoff.nextDelay());
  }

  @Test
  void resetStartsOverAtTheMinimum() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
    backoff.nextDelay();
    backoff.nextDelay();
    backoff.nextDelay();
    backoff.reset();
    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void manyFailuresNeverOverflow() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.5);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      last = backoff.nextDelay();
      assertThat(last).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
    }
    assertThat(last).isGreaterThanOrEqualTo(Duration.ofSeconds(150));
  }

  /** The default schedule (README): 1 s doubling, 5 s while unreachable, 60 s after sessions. */
  @Test
  void withTheDefaultsAnUnreachableGatewayIsTriedAtLeastEveryFiveSeconds() {
    ReconnectBackoff highest =
        new ReconnectBackoff(
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(5), () -> 0.999999);
    List<Long> unreachable = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      unreachable.add(highest.nextDelay(ReconnectBackoff.Failure.UNREACHABLE).toSeconds());
    }
    assertThat(unreachable).containsExactly(0L, 1L, 3L, 4L, 4L, 4L, 4L, 4L);
    highest.reset();
    List<Long> session = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      session.add(highest.nextDelay(ReconnectBackoff.Failure.SESSION).toSeconds());
    }
    assertThat(session).containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 59L, 59L);
  }

  @Test
  void aNewLeaseHolderRetriesEveryStepWithinTheWindowThenBacksOff() {
    long[] now = {Long.MAX_VALUE - 1_000_000_000L}; // across the nanoTime wrap
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0)
            .withFastStart(Duration.ofMillis(500), Duration.ofSeconds(10), () -> now[0]);
    for (int i = 0; i < 5; i++) {
      assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(500));
      now[0] += 1_000_000_000L;
    }
    now[0] += 5_000_000_000L; // 10 s after the lease was taken
    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(500)); // the first backoff: 1 s / 2
    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
  }
}
