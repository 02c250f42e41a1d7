package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

  /** A clock that only moves when the limiter sleeps or the test advances it. */
  private static final class ManualClock {
    long now = 1_000_000_000L;
  }

  @Test
  void neverMoreThanThePermitsInAnySlidingSecond() throws Exception {
    ManualClock clock = new ManualClock();
    RequestRateLimiter limiter =
        new RequestRateLimiter(
            40, Duration.ofSeconds(1), () -> clock.now, nanos -> clock.now += nanos);
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      limiter.acquire();
      sent.add(clock.now);
      clock.now += (i % 7 == 0) ? 3_000_000L : 0; // bursts with small gaps
    }
    for (int i = 40; i < sent.size(); i++) {
      assertThat(sent.get(i) - sent.get(i - 40))
          .as("request %d and the one 40 before it", i)
          .isGreaterThanOrEqualTo(1_000_000_000L);
    }
    // stays below IB's 50 per second over the whole run too
    double seconds = (sent.get(sent.size() - 1) - sent.get(0)) / 1e9;
    assertThat(sent.size() / seconds).isLessThan(50);
  }

  @Test
  void aBurstUpToThePermitsDoesNotWait() throws Exception {
    ManualClock clock = new ManualClock();
    List<Long> sleeps = new ArrayList<>();
    RequestRateLimiter limiter =
        new RequestRateLimiter(
            40,
            Duration.ofSeconds(1),
            () -> clock.now,
            nanos -> {
              sleeps.add(nanos);
              clock.now += nanos;
            });
    for (int i = 0; i < 40; i++) {
      limiter.acquire();
    }
    assertThat(sleeps).isEmpty();
    limiter.acquire();
    assertThat(sleeps).containsExactly(1_000_000_000L);
  }

  @Test
  void refusesALimitAtOrAboveIbs() {
    assertThatThrownBy(
            () -> new RequestRateLimiter(50, Duration.ofSeconds(1), System::nanoTime, n -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RequestRateLimiter.standard().permits()).isLessThan(50);
    assertThat(RequestRateLimiter.standard().window()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void backgroundRequestsLeaveTheReserveToOthers() throws Exception {
    ManualClock clock = new ManualClock();
    RequestRateLimiter limiter =
        new RequestRateLimiter(
            40, Duration.ofSeconds(1), () -> clock.now, nanos -> clock.now += nanos);
    int background = 0;
    while (limiter.tryAcquireLeaving(10)) {
      background++;
    }
    assertThat(background).isEqualTo(30);
    // the reserve is there at once for a foreground request, without waiting
    long before = clock.now;
    for (int i = 0; i < 10; i++) {
      limiter.acquire();
    }
    assertThat(clock.now).isEqualTo(before);
    // once the window has passed, background requests go again
    clock.now += 1_000_000_000L;
    assertThat(limiter.tryAcquireLeaving(10)).isTrue();
  }
}
