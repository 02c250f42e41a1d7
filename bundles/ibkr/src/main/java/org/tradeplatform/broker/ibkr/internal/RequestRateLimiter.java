package org.tradeplatform.broker.ibkr.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps outgoing requests below IB's pacing limit of 50 messages per second: at most {@code
 * permits} requests in any sliding window of {@code window}. A caller over the limit waits; no
 * request is ever dropped.
 */
final class RequestRateLimiter {

  /** IB disconnects clients that exceed 50 messages per second; stay well clear of it. */
  static final int DEFAULT_PERMITS_PER_SECOND = 40;

  /** Waits for a number of nanoseconds; replaced in tests by a controllable clock. */
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final int permits;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long[] sent; // ring of the send times of the last `permits` requests
  private int next;
  private long count;

  RequestRateLimiter(int permits, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
    if (permits <= 0 || permits >= 50 && window.compareTo(Duration.ofSeconds(1)) <= 0) {
      throw new IllegalArgumentException("permits must be in 1..49 per second, was " + permits);
    }
    this.permits = permits;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.sent = new long[permits];
  }

  /** The production limiter: {@value #DEFAULT_PERMITS_PER_SECOND} per second, system clock. */
  static RequestRateLimiter standard() {
    return new RequestRateLimiter(
        DEFAULT_PERMITS_PER_SECOND,
        Duration.ofSeconds(1),
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** Blocks until one more request may be sent, and counts it as sent. */
  synchronized void acquire() throws InterruptedException {
    if (count >= permits) {
      long oldest = sent[next];
      long wait;
      while ((wait = oldest + windowNanos - nanoTime.getAsLong()) > 0) {
        sleeper.sleepNanos(wait);
      }
    }
    record(nanoTime.getAsLong());
  }

  /**
   * Counts one more request if, after it, at least {@code reserve} permits of the current window
   * remain for others; otherwise counts nothing and returns false. Never waits: background requests
   * (PnL subscriptions) use it so that they never delay a positions request.
   */
  synchronized boolean tryAcquireLeaving(int reserve) {
    long now = nanoTime.getAsLong();
    int inWindow = 0;
    for (int i = 0; i < Math.min(count, permits); i++) {
      if (now - sent[i] < windowNanos) {
        inWindow++;
      }
    }
    if (inWindow + 1 + reserve > permits) {
      return false;
    }
    record(now);
    return true;
  }

  private void record(long now) {
    sent[next] = now;
    next = (next + 1) % permits;
    count++;
  }

  int permits() {
    return permits;
  }

  Duration window() {
    return Duration.ofNanos(windowNanos);
  }
}
