package org.tradeplatform.cluster.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FencingDeadlineTest {

  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 5_000_000_000L);
  private final FencingDeadline deadline = new FencingDeadline(now::get, Duration.ofSeconds(8));

  @Test
  void passedUntilTheFirstRenewal() {
    assertThat(deadline.passed()).isTrue();
  }

  @Test
  void validUntilTheLastGoodRenewalSentPlusTheValidityAcrossTheClockWrap() {
    long sent = now.get();
    now.addAndGet(1_000_000_000L); // the answer came back a second later
    deadline.renewedAt(sent);
    assertThat(deadline.remainingNanos()).isEqualTo(7_000_000_000L);

    now.set(sent + 8_000_000_000L - 1); // past Long.MAX_VALUE: nanoTime wraps
    assertThat(deadline.passed()).isFalse();
    now.set(sent + 8_000_000_000L);
    assertThat(deadline.passed()).isTrue();
  }

  @Test
  void aLateAnswerToAnOlderRenewalNeverMovesTheDeadlineBack() {
    long older = now.get();
    long newer = older + 2_000_000_000L;
    deadline.renewedAt(newer);
    deadline.renewedAt(older);
    assertThat(deadline.remainingNanos()).isEqualTo(10_000_000_000L);
  }
}
