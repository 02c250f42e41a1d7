package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.tradeplatform.broker.ibkr.wire.RequestCurrentTime;

/**
 * Tells a quiet gateway from a dead one: after {@code idle} without a frame it sends
 * REQ_CURRENT_TIME, and a gateway that stays silent for {@code answerTimeout} after that is lost.
 *
 * <p>One per socket, used by the lifecycle thread only.
 */
final class IdleProbe {
  private final Duration idle;
  private final Duration answerTimeout;
  private boolean probing;
  private long probeSentAt;

  IdleProbe(Duration idle, Duration answerTimeout) {
    this.idle = idle;
    this.answerTimeout = answerTimeout;
  }

  /**
   * Probes when due; returns why the socket is lost when a probe went unanswered.
   *
   * @param lastInboundNanos when the last frame arrived ({@link System#nanoTime()})
   */
  Optional<Outcome> check(long lastInboundNanos, RequestSender sender)
      throws IOException, InterruptedException {
    long now = System.nanoTime();
    if (probing && lastInboundNanos - probeSentAt >= 0) {
      probing = false;
    }
    if (!probing && now - lastInboundNanos >= idle.toNanos()) {
      probing = true;
      probeSentAt = now;
      sender.send(new RequestCurrentTime());
    } else if (probing && now - probeSentAt >= answerTimeout.toNanos()) {
      return Optional.of(
          Outcome.lost(
              "gateway silent: no answer to a probe within " + answerTimeout.toSeconds() + " s"));
    }
    return Optional.empty();
  }

  /** How long the lifecycle may wait for events between checks. */
  long tickNanos() {
    return Math.min(Duration.ofSeconds(1).toNanos(), Math.max(1, idle.toNanos() / 4));
  }
}
