package org.tradeplatform.position.api;

import java.time.Instant;
import java.util.Objects;
import org.tradeplatform.broker.api.PositionKey;

/**
 * A position change that the sync component heard from the broker and then committed.
 *
 * @param key the position
 * @param firstHeardAt wall-clock time of the first broker callback for this position since its last
 *     commit
 * @param firstHeardNanos {@link System#nanoTime()} at that callback, for latency on a monotonic
 *     clock
 * @param committedAt wall-clock time right after the transaction that wrote it committed
 * @param committedNanos {@link System#nanoTime()} right after that commit
 */
public record HeardChange(
    PositionKey key,
    Instant firstHeardAt,
    long firstHeardNanos,
    Instant committedAt,
    long committedNanos) {

  public HeardChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(firstHeardAt, "firstHeardAt");
    Objects.requireNonNull(committedAt, "committedAt");
  }

  /** Nanoseconds from the first callback to the commit, on the monotonic clock. */
  public long latencyNanos() {
    return committedNanos - firstHeardNanos;
  }
}
