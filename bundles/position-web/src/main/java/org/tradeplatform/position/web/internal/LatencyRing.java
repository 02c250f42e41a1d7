package org.tradeplatform.position.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Change-to-commit latency per minute over the last hour, in memory only (lost on restart). A ring
 * of {@value #MINUTES} minute buckets: a bucket is reused, and cleared, when its minute comes round
 * again. Thread-safe: every method holds the ring's monitor.
 */
final class LatencyRing {

  static final int MINUTES = 60;

  /** One minute of latencies. */
  record Minute(Instant start, int count, double meanMillis, double maxMillis) {}

  private final long[] minuteOf = new long[MINUTES];
  private final int[] counts = new int[MINUTES];
  private final long[] sumNanos = new long[MINUTES];
  private final long[] maxNanos = new long[MINUTES];
  private final Instant since;

  LatencyRing(Instant since) {
    this.since = since;
    java.util.Arrays.fill(minuteOf, Long.MIN_VALUE);
  }

  /** When recording began: nothing before it is known. */
  Instant since() {
    return since;
  }

  /** Records one committed change: committed at {@code committedAt} after {@code latency}. */
  synchronized void record(Instant committedAt, Duration latency) {
    long minute = committedAt.getEpochSecond() / 60;
    int slot = (int) Math.floorMod(minute, MINUTES);
    if (minuteOf[slot] != minute) {
      minuteOf[slot] = minute;
      counts[slot] = 0;
      sumNanos[slot] = 0;
      maxNanos[slot] = 0;
    }
    long nanos = Math.max(0, latency.toNanos());
    counts[slot]++;
    sumNanos[slot] += nanos;
    maxNanos[slot] = Math.max(maxNanos[slot], nanos);
  }

  /**
   * The last {@value #MINUTES} minutes up to and including the one of {@code now}, oldest first.
   */
  synchronized List<Minute> lastHour(Instant now) {
    long current = now.getEpochSecond() / 60;
    List<Minute> minutes = new ArrayList<>(MINUTES);
    for (long minute = current - MINUTES + 1; minute <= current; minute++) {
      int slot = (int) Math.floorMod(minute, MINUTES);
      Instant start = Instant.ofEpochSecond(minute * 60).truncatedTo(ChronoUnit.MINUTES);
      if (minuteOf[slot] == minute && counts[slot] > 0) {
        minutes.add(
            new Minute(
                start, counts[slot], sumNanos[slot] / 1e6 / counts[slot], maxNanos[slot] / 1e6));
      } else {
        minutes.add(new Minute(start, 0, 0, 0));
      }
    }
    return minutes;
  }
}
