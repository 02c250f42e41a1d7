package org.tradeplatform.broker.ibkr.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Exponential reconnect delay with jitter, bounded: attempt n waits a random time between half and
 * all of {@code min * 2^n}, capped at {@code max}. Jitter keeps many clients that lost the same
 * gateway (the nightly restart) from reconnecting in lockstep.
 */
final class ReconnectBackoff {
  private final Duration min;
  private final Duration max;
  private final DoubleSupplier random;
  private final Duration fastStep;
  private final long fastUntilNanos;
  private final LongSupplier nanoClock;
  private int failures;

  /**
   * @param random uniform values in [0, 1)
   */
  ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
    this(min, max, random, Duration.ZERO, Duration.ZERO, System::nanoTime);
  }

  /**
   * A backoff that first retries every {@code fastStep} for {@code fastWindow}, then as usual: a
   * new lease holder whose predecessor may not have closed its gateway socket yet (code 326).
   */
  ReconnectBackoff(
      Duration min,
      Duration max,
      DoubleSupplier random,
      Duration fastStep,
      Duration fastWindow,
      LongSupplier nanoClock) {
    this.min = min;
    this.max = max;
    this.random = random;
    this.fastStep = fastStep;
    this.nanoClock = nanoClock;
    this.fastUntilNanos = nanoClock.getAsLong() + fastWindow.toNanos();
  }

  /** The delay before the next attempt; each call counts one more failure. */
  Duration nextDelay() {
    if (fastUntilNanos - nanoClock.getAsLong() > 0) {
      return fastStep;
    }
    long minNanos = min.toNanos();
    long maxNanos = max.toNanos();
    int shift = Math.min(failures, 62);
    long ceiling = minNanos <= (maxNanos >> shift) ? minNanos << shift : maxNanos;
    failures++;
    long floor = ceiling / 2;
    return Duration.ofNanos(floor + (long) ((ceiling - floor) * random.getAsDouble()));
  }

  /** A connection became ready: start over at the minimum. */
  void reset() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}
