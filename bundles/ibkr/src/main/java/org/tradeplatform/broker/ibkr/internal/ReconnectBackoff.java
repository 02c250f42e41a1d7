package org.tradeplatform.broker.ibkr.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Exponential reconnect delay with jitter, bounded: after n failed attempts the next waits a random
 * time between half and all of {@code min * 2^n}, capped at {@code max} — or at {@code
 * unreachableMax} when the last attempt did not reach the gateway at all. Jitter keeps many clients
 * that lost the same gateway (the nightly restart) from reconnecting in lockstep. The two caps
 * separate a gateway that is down (a refused socket costs it nothing: retry often, be back within
 * seconds) from one that accepts and then fails (each attempt is a login: back off to a minute).
 *
 * <p>Owned by the connection's lifecycle thread; not thread-safe.
 */
final class ReconnectBackoff {

  /** What the failed attempt met. */
  enum Failure {
    /** The socket was refused or the handshake failed: the gateway is down or restarting. */
    UNREACHABLE,
    /** The gateway accepted the connection, which then ended before a complete snapshot. */
    SESSION
  }

  private final Duration min;
  private final Duration max;
  private final Duration unreachableMax;
  private final DoubleSupplier random;
  private final Duration fastStep;
  private final long fastUntilNanos;
  private final LongSupplier nanoClock;
  private int failures;

  /**
   * @param random uniform values in [0, 1)
   */
  ReconnectBackoff(Duration min, Duration max, Duration unreachableMax, DoubleSupplier random) {
    this(min, max, unreachableMax, random, Duration.ZERO, Duration.ZERO, System::nanoTime);
  }

  private ReconnectBackoff(
      Duration min,
      Duration max,
      Duration unreachableMax,
      DoubleSupplier random,
      Duration fastStep,
      Duration fastWindow,
      LongSupplier nanoClock) {
    this.min = min;
    this.max = max;
    this.unreachableMax = unreachableMax;
    this.random = random;
    this.fastStep = fastStep;
    this.nanoClock = nanoClock;
    this.fastUntilNanos = nanoClock.getAsLong() + fastWindow.toNanos();
  }

  /**
   * This backoff, but retrying every {@code step} for {@code window} from now first: a new lease
   * holder whose predecessor may not have closed its gateway socket yet (code 326).
   */
  ReconnectBackoff withFastStart(Duration step, Duration window, LongSupplier nanoClock) {
    return new ReconnectBackoff(min, max, unreachableMax, random, step, window, nanoClock);
  }

  /** A backoff whose two caps are the same. */
  ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
    this(min, max, max, random);
  }

  /** The backoff of one connection's settings; the unreachable cap never exceeds the other. */
  static ReconnectBackoff of(ConnectionSettings settings, DoubleSupplier random) {
    Duration unreachable =
        settings.reconnectUnreachableMax().compareTo(settings.reconnectMax()) < 0
            ? settings.reconnectUnreachableMax()
            : settings.reconnectMax();
    return new ReconnectBackoff(
        settings.reconnectMin(), settings.reconnectMax(), unreachable, random);
  }

  /** The delay before the attempt that follows an outcome; counts a failure unless at once. */
  Duration delayAfter(Outcome.Next next) {
    return switch (next) {
      case AT_ONCE -> Duration.ZERO;
      case AFTER_SESSION_BACKOFF -> nextDelay(Failure.SESSION);
      case AFTER_UNREACHABLE_BACKOFF -> nextDelay(Failure.UNREACHABLE);
    };
  }

  /** The delay after a session failure; counts one more failure. */
  Duration nextDelay() {
    return nextDelay(Failure.SESSION);
  }

  /** The delay before the next attempt; each call counts one more failure. */
  Duration nextDelay(Failure failure) {
    if (fastUntilNanos - nanoClock.getAsLong() > 0) {
      return fastStep;
    }
    long minNanos = min.toNanos();
    long maxNanos = (failure == Failure.UNREACHABLE ? unreachableMax : max).toNanos();
    int shift = Math.min(failures, 62);
    long ceiling = minNanos <= (maxNanos >> shift) ? minNanos << shift : maxNanos;
    failures++;
    long floor = ceiling / 2;
    return Duration.ofNanos(floor + (long) ((ceiling - floor) * random.getAsDouble()));
  }

  /** A connection delivered a complete snapshot: start over at the minimum. */
  void reset() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}
