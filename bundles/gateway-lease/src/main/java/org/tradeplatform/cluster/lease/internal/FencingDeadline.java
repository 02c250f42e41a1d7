package org.tradeplatform.cluster.lease.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The holder's local deadline on a monotonic clock: {@code valid until = last good renewal sent +
 * validity}, where validity is the server's idle timeout minus the safety margin. Renewals only
 * ever move it forward.
 *
 * <p>Concurrency: the worker moves it, the watchdog reads it; one volatile field.
 */
final class FencingDeadline {

  private final LongSupplier nanoClock;
  private final long validityNanos;
  private volatile long validUntilNanos;

  /** A deadline that has already passed, until the first {@link #renewedAt}. */
  FencingDeadline(LongSupplier nanoClock, Duration validity) {
    this.nanoClock = nanoClock;
    this.validityNanos = validity.toNanos();
    this.validUntilNanos = nanoClock.getAsLong();
  }

  /** A renewal (or the take) sent at {@code sentNanos} came back good. */
  void renewedAt(long sentNanos) {
    long candidate = sentNanos + validityNanos;
    if (candidate - validUntilNanos > 0) {
      validUntilNanos = candidate;
    }
  }

  /** Nanoseconds left before the deadline; zero or negative once it passed. */
  long remainingNanos() {
    return validUntilNanos - nanoClock.getAsLong();
  }

  boolean passed() {
    return remainingNanos() <= 0;
  }
}
