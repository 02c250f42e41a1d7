package org.tradeplatform.broker.ibkr.wire;

import java.time.Instant;

/**
 * CURRENT_TIME (id 49): the server's clock.
 *
 * @param epochSeconds seconds since the epoch
 */
public record CurrentTime(long epochSeconds) implements ServerMessage {
  @Override
  public int messageId() {
    return IncomingMessage.CURRENT_TIME.id();
  }

  /** The time as an instant. */
  public Instant toInstant() {
    return Instant.ofEpochSecond(epochSeconds);
  }
}
